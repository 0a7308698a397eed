package routes.rpc;

import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import routes.testing.GatewayApp;
import routes.testing.Resources;
import routes.testing.RpcStack;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * hello_sleep never delays other calls and holds no thread while it sleeps: with 100 sleeps in flight the service's
 * process has not grown by a thread per sleep, and a hello is answered within 100 ms.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HelloSleepTest {

    private static final int SLEEPS = 100;
    private static final long SLEEP_MS = 3000;
    private static final String SLEEP_ROUTE = "greeting_service.hello_sleep";

    private RpcStack stack;
    private GatewayApp app;
    private Connection plain;

    @BeforeAll
    void start() throws Exception {
        stack = RpcStack.start(Map.of("greeting.sleep-ms", String.valueOf(SLEEP_MS)));
        app = stack.app();
        plain = Nats.connect(stack.nats().url());
        // warm both paths so that the measurement is not of class loading
        assertThat(hello()).isLessThan(5000);
        plain.request("greeting_service.hello_sleep", "{\"name\":\"warm\"}".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(10));
    }

    @AfterAll
    void stop() throws Exception {
        Resources.closeAll(plain, stack);
    }

    @Test
    void aHundredSleepsHoldNoThreadAndAHelloIsAnsweredMeanwhile() throws Exception {
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        List<CompletableFuture<Message>> sleeps = new ArrayList<>();
        for (int i = 0; i < SLEEPS; i++) {
            sleeps.add(plain.requestWithTimeout("greeting_service.hello_sleep",
                    ("{\"name\": \"Sleepy " + i + "\"}").getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(20)));
        }
        awaitInFlight(SLEEPS);

        int threadsDuring = ManagementFactory.getThreadMXBean().getThreadCount();
        long helloMillis = hello();

        System.out.printf("[fault figures] %d sleeps in flight: threads %d -> %d, hello answered in %d ms%n",
                SLEEPS, threadsBefore, threadsDuring, helloMillis);
        assertThat(threadsDuring - threadsBefore).as("threads added while %d sleep", SLEEPS).isLessThan(SLEEPS / 5);
        assertThat(helloMillis).isLessThan(100);
        for (int i = 0; i < SLEEPS; i++) {
            Message reply = sleeps.get(i).get(SLEEP_MS + 10_000, TimeUnit.MILLISECONDS);
            assertThat(new String(reply.getData(), StandardCharsets.UTF_8)).isEqualTo("[[\"Hello, Sleepy " + i + "\"],{}]");
        }
    }

    /** The same through the HTTP bridge, as the old README demonstrates it with two clients. */
    @Test
    void sleepsThroughTheBridgeDoNotDelayAHello() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> sleeps = new ArrayList<>();
        for (int i = 0; i < SLEEPS; i++) {
            sleeps.add(http.sendAsync(HttpRequest.newBuilder(app.uri("/greeting_service.hello_sleep"))
                    .POST(HttpRequest.BodyPublishers.ofString("[[], {\"name\": \"Sleepy Bob\"}]")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        awaitInFlight(SLEEPS);

        assertThat(hello()).isLessThan(100);
        for (CompletableFuture<HttpResponse<String>> sleep : sleeps) {
            HttpResponse<String> response = sleep.get(SLEEP_MS + 10_000, TimeUnit.MILLISECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("[[\"Hello, Sleepy Bob\"],{}]");
        }
    }

    private long hello() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = app.post("/greeting_service.hello", "application/json",
                "[[\"Bob\"]]".getBytes(StandardCharsets.UTF_8), Map.of());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(response.statusCode()).isEqualTo(200);
        return millis;
    }

    private void awaitInFlight(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (app.context().getInflightRepository().size(SLEEP_ROUTE) < count) {
            assertThat(System.nanoTime()).as("%d sleeps in flight", count).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
