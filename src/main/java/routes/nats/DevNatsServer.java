package routes.nats;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import routes.observe.TcpProbe;

/**
 * A {@code nats-server} child for the dev profile (JetStream on, store in a temp dir), started where the configured
 * NATS address is on this machine and nothing answers, like Quarkus Dev Services; {@link #stop} ends it and removes
 * its store. Wired by {@code routes.app.DevNatsSetup}; never used in prod.
 */
public final class DevNatsServer {

    private static final Logger LOG = LoggerFactory.getLogger(DevNatsServer.class);
    private static final List<String> SEARCH_PATH = List.of("/usr/sbin", "/usr/local/bin", "/usr/bin", "/opt/homebrew/bin");

    private Process process;
    private Path storeDir;

    /**
     * Starts a nats-server at the first address of {@code natsUrls} when nothing answers there and the address is on
     * this machine; returns null when one is already listening or the address is elsewhere (said in the log).
     */
    public static DevNatsServer startIfAbsent(String natsUrls, String command, long startMillis, int probeMillis) {
        URI first = firstServer(natsUrls);
        String host = first.getHost();
        int port = first.getPort() > 0 ? first.getPort() : 4222;
        if (TcpProbe.answers(host, port, probeMillis)) {
            LOG.info("Dev profile: using the NATS server already listening at {}:{}", host, port);
            return null;
        }
        if (!TcpProbe.isLocal(host)) {
            LOG.warn("Dev profile: nothing answers at {}:{} and it is not this machine, so no local nats-server is started",
                    host, port);
            return null;
        }
        DevNatsServer server = new DevNatsServer();
        server.start(executable(command), host, port, startMillis, probeMillis);
        return server;
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
            while (!TcpProbe.answers(host, port, probeMillis)) {
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

    public synchronized void stop() {
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
