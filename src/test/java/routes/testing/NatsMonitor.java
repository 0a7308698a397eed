package routes.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.IntPredicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The nats-server's own monitoring endpoint (started with {@code -m port}): what the server says it holds. */
public final class NatsMonitor {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;

    public NatsMonitor(int port) {
        this.port = port;
    }

    /** Arguments for {@link NatsServerProcess#start}. */
    public String[] serverArgs() {
        return new String[] {"-m", String.valueOf(port)};
    }

    /** Subscriptions on exactly this subject, over every client connection. */
    public int subscriptions(String subject) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/connz?subs=1&limit=100000")).build(),
                HttpResponse.BodyHandlers.ofString());
        int count = 0;
        for (JsonNode connection : JSON.readTree(response.body()).path("connections")) {
            for (JsonNode sub : connection.path("subscriptions_list")) {
                if (sub.asText().equals(subject)) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Waits up to {@code within} for the count to satisfy {@code wanted}; returns the last count seen. */
    public int awaitSubscriptions(String subject, IntPredicate wanted, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        int count = subscriptions(subject);
        while (!wanted.test(count) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            count = subscriptions(subject);
        }
        return count;
    }
}
