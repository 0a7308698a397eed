package routes.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real nats-server owned by one test class: JetStream on, its own store directory and a free port. It can be
 * stopped and started again on the same port and store, to inject broker faults.
 */
public final class NatsServerProcess implements AutoCloseable {

    private static final String BINARY = System.getenv().getOrDefault("NATS_SERVER_BIN", findBinary());

    private final int port;
    private final Path storeDir;
    private final List<String> extraArgs;
    private Process process;
    private boolean paused;

    private NatsServerProcess(int port, Path storeDir, List<String> extraArgs) {
        this.port = port;
        this.storeDir = storeDir;
        this.extraArgs = List.copyOf(extraArgs);
    }

    public static NatsServerProcess start(String... extraArgs) throws IOException, InterruptedException {
        NatsServerProcess server = notStarted(extraArgs);
        server.startAgain();
        return server;
    }

    /** A port and a store chosen, nothing running yet: {@link #startAgain} starts it. */
    public static NatsServerProcess notStarted(String... extraArgs) throws IOException {
        return new NatsServerProcess(freePort(), Files.createTempDirectory("test-nats-"), List.of(extraArgs));
    }

    public Path storeDir() {
        return storeDir;
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    public synchronized void startAgain() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(BINARY, "-a", "127.0.0.1", "-p", String.valueOf(port), "-js",
                "-sd", storeDir.toString()));
        command.addAll(extraArgs);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(storeDir.resolve("server.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!listening()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("nats-server did not start on port " + port + ": "
                        + Files.readString(storeDir.resolve("server.log")));
            }
            Thread.sleep(20);
        }
    }

    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            if (paused) {
                // a frozen server would only act on a SIGTERM once resumed
                process.destroyForcibly();
                paused = false;
            } else {
                process.destroy();
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            process = null;
        }
    }

    /** Freezes the server (SIGSTOP): connections stay open, nothing is read or answered until {@link #resume}. */
    public synchronized void pause() throws IOException, InterruptedException {
        signal("-STOP");
        paused = true;
    }

    public synchronized void resume() throws IOException, InterruptedException {
        signal("-CONT");
        paused = false;
    }

    private void signal(String signal) throws IOException, InterruptedException {
        if (process == null) {
            throw new IllegalStateException("nats-server is not running");
        }
        int exit = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill " + signal + " " + process.pid() + " exited with " + exit);
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        stop();
        try (Stream<Path> files = Files.walk(storeDir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static String findBinary() {
        for (String candidate : new String[] {"/usr/sbin/nats-server", "/usr/local/bin/nats-server", "/usr/bin/nats-server"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "nats-server";
    }
}
