package routes.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar target/gateway.jar} as operators run it (prod profile), configured only through environment
 * variables, its output in a log file. For what only a real process shows: SIGTERM, JSON log lines.
 */
public final class JarProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path log;
    private final int port;

    private JarProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    public static JarProcess start(Map<String, String> environment) throws IOException {
        Path jar = Path.of("target", "gateway.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no " + jar + ": run after package (failsafe runs *IT after it)");
        }
        int port = NatsServerProcess.freePort();
        Path log = Files.createTempFile("gateway-jar-", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("CAMEL_MAIN_PROFILE");
        builder.environment().put("HTTP_PORT", String.valueOf(port));
        builder.environment().putAll(environment);
        return new JarProcess(builder.start(), log, port);
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    public Path logFile() {
        return log;
    }

    /** Waits until /observe/health/ready answers 200 (the HTTP port opens before the routes have started). */
    public void awaitReady(Duration patience) throws Exception {
        HttpRequest ready = HttpRequest.newBuilder(uri("/observe/health/ready")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("gateway process exited; log: " + log());
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // keep polling
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not ready within " + patience + "; log: " + log());
            }
            Thread.sleep(100);
        }
    }

    /** SIGTERM, as Kubernetes sends it. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL: the process dies at once, as on a node failure or an OOM kill; nothing of it runs any more. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Waits for the process to exit; returns how long that took from now, or -1 when it did not within the bound. */
    public long awaitExitMillis(Duration bound) throws InterruptedException {
        long start = System.nanoTime();
        return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)
                ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) : -1;
    }

    public int exitValue() {
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
