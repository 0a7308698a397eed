package routes.support;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dev profile only: when nothing answers at the configured NATS address and that address is on this machine, starts
 * a {@code nats-server} child (JetStream on, store in a temp dir) there, and stops it when the gateway stops. Like
 * Quarkus Dev Services, so {@code run} works on a machine with nats-server installed and not running. Never in prod.
 */
public final class DevNatsServer extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(DevNatsServer.class);
    static final String DEV_PROFILE = "dev";
    private static final List<String> SEARCH_PATH = List.of("/usr/sbin", "/usr/local/bin", "/usr/bin", "/opt/homebrew/bin");

    private Process process;
    private Path storeDir;

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        if (!DEV_PROFILE.equals(main.configure().getProfile())
                || !Boolean.parseBoolean(Settings.required(context, "dev.nats-server.enabled"))) {
            return;
        }
        URI first = firstServer(Settings.required(context, "nats.url"));
        String host = first.getHost();
        int port = first.getPort() > 0 ? first.getPort() : 4222;
        int probeMillis = Integer.parseInt(Settings.required(context, "dev.nats-server.probe-timeout-ms"));
        if (listening(host, port, probeMillis)) {
            LOG.info("Dev profile: using the NATS server already listening at {}:{}", host, port);
            return;
        }
        if (!isLocal(host)) {
            LOG.warn("Dev profile: nothing answers at {}:{} and it is not this machine, so no local nats-server is started",
                    host, port);
            return;
        }
        String command = Settings.required(context, "dev.nats-server.command");
        long startMillis = Long.parseLong(Settings.required(context, "dev.nats-server.start-timeout-ms"));
        start(executable(command), host, port, startMillis, probeMillis);
        // Once Camel has started, its graceful shutdown stops the server (below), after the routes have drained.
        // Before that, a failed start exits the JVM without stopping Camel, and this hook is the safety net.
        AtomicBoolean camelStarted = new AtomicBoolean();
        ContextHooks.onStarted(context, () -> camelStarted.set(true));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!camelStarted.get()) {
                stop();
            }
        }, "dev-nats-server-stop"));
        // added before the NATS connection's own service, so stopped after it
        ContextHooks.onStop(context, this::stop);
    }


    private void start(String executable, String host, int port, long startMillis, int probeMillis) {
        try {
            storeDir = Files.createTempDirectory("gateway-dev-nats-");
            process = new ProcessBuilder(executable, "-a", host, "-p", String.valueOf(port), "-js",
                    "-sd", storeDir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(storeDir.resolve("nats-server.log").toFile())
                    .start();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(startMillis);
            while (!listening(host, port, probeMillis)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the dev nats-server did not start listening on " + host + ":" + port
                            + "; see " + storeDir.resolve("nats-server.log"));
                }
                Thread.sleep(50);
            }
            LOG.info("Dev profile: no NATS at {}:{}, started a local nats-server (pid {}, JetStream in {}); it stops "
                    + "with the gateway", host, port, process.pid(), storeDir);
        } catch (IOException e) {
            throw new IllegalStateException("Dev profile: no NATS at " + host + ":" + port + " and cannot start '"
                    + executable + "' (install nats-server, or set NATS_URL): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the dev nats-server", e);
        }
    }

    synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            LOG.info("Dev profile: stopped the local nats-server (pid {})", process.pid());
            process = null;
        }
        if (storeDir != null) {
            try (Stream<Path> files = Files.walk(storeDir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException e) {
                LOG.debug("could not remove {}", storeDir, e);
            }
            storeDir = null;
        }
    }

    static URI firstServer(String urls) {
        String first = urls.split(",")[0].trim();
        return URI.create(first.contains("://") ? first : "nats://" + first);
    }

    static boolean listening(String host, int port, int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isLocal(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isLoopbackAddress() || address.isAnyLocalAddress();
        } catch (IOException e) {
            return false;
        }
    }

    /** A bare name is looked up on PATH and then in the sbin directories Debian installs nats-server to. */
    static String executable(String command) {
        if (command.contains(File.separator)) {
            return command;
        }
        Stream<String> path = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator));
        return Stream.concat(path, SEARCH_PATH.stream())
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Paths.get(dir, command))
                .filter(Files::isExecutable)
                .findFirst()
                .map(Path::toString)
                .orElse(command);
    }
}
