package routes.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Clients posting to the gateway without pause (or with a small one) until stopped, each answer recorded with its
 * start and end time, so a test can check every answer given during a fault.
 */
public final class Load implements AutoCloseable {

    /** One request: when it started and ended (System.nanoTime), its status (0 when no HTTP answer) and body. */
    public record Answer(long startNanos, long endNanos, int status, String body) {
        public long millis() {
            return TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos);
        }
    }

    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final List<Thread> clients = new ArrayList<>();
    private volatile boolean running = true;

    private Load() {
    }

    /** {@code body} gives the JSON body of each client's n-th request; {@code pauseMillis} between a client's requests. */
    public static Load start(URI uri, int clients, long pauseMillis, IntFunction<String> body) {
        Load load = new Load();
        for (int c = 0; c < clients; c++) {
            Thread client = new Thread(() -> load.run(uri, pauseMillis, body), "load-" + c);
            client.setDaemon(true);
            load.clients.add(client);
            client.start();
        }
        return load;
    }

    private void run(URI uri, long pauseMillis, IntFunction<String> body) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        int n = 0;
        while (running) {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.apply(n++))).build();
            long start = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                answers.add(new Answer(start, System.nanoTime(), response.statusCode(), response.body()));
            } catch (java.io.IOException e) {
                answers.add(new Answer(start, System.nanoTime(), 0, e.toString()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (pauseMillis > 0) {
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    public List<Answer> answers() {
        return List.copyOf(answers);
    }

    /** Answers of requests that started at or after this System.nanoTime. */
    public List<Answer> startedAfter(long nanos) {
        return answers.stream().filter(answer -> answer.startNanos() >= nanos).toList();
    }

    /** Stops the clients and waits for their last requests to be answered. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread client : clients) {
            client.join(TimeUnit.SECONDS.toMillis(60));
        }
    }
}
