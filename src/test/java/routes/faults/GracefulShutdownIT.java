package routes.faults;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;

import routes.testing.GatewayApp;
import routes.testing.JarProcess;
import routes.testing.NatsServerProcess;
import routes.testing.Outages;
import routes.testing.Resources;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM to the real jar under load: a pricer drains its subscription (what was delivered to it is still answered,
 * refused requests recorded first, the rest goes to the other pricer), a gateway answers the HTTP requests in flight, and shutdown is bounded.
 */
class GracefulShutdownIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBJECT = "football.requests";
    private static final String QUEUE = "football-pricers";
    private static final byte[] VALID = Outages.VALID.getBytes(StandardCharsets.UTF_8);
    private static final byte[] INVALID = "{\"game_id\":\"refused\",\"home_expected\":-1,\"away_expected\":1}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void aPricerDrainsItsSubscriptionSoABurstIsAnsweredInFull() throws Exception {
        int burst = 20_000;
        Burst result = burstThroughALeavingPricer(VALID, burst, "priced", Map.of());

        assertThat(result.failures).as("nothing unanswered").isEmpty();
        assertThat(result.statuses).containsOnlyKeys(200).containsEntry(200, burst);
        assertThat(result.answeredByLeaving).isPositive();
    }

    /** Refused requests whose records wait for their acknowledgement when SIGTERM comes are still stored and answered. */
    @Test
    void aLeavingPricerStillRecordsAndAnswersTheRefusedRequestsItTook() throws Exception {
        int burst = 5_000;
        Burst result = burstThroughALeavingPricer(INVALID, burst, "invalid", Map.of());

        assertThat(result.failures).as("nothing unanswered").isEmpty();
        assertThat(result.statuses).containsOnlyKeys(400).containsEntry(400, burst);
        assertThat(result.records).as("one kept record per 400").isEqualTo(burst);
        assertThat(result.answeredByLeaving).isPositive();
    }

    private static Map<String, String> withNats(Map<String, String> env, String natsUrl) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("NATS_URL", natsUrl);
        return all;
    }

    private record Burst(Map<Integer, Integer> statuses, List<String> failures, long answeredByLeaving, long records) {
    }

    /**
     * Sends a burst over NATS to two pricers and SIGTERMs one of them (the jar) while it works; {@code outcome} is
     * the word its log lines use for the answers counted ("priced", "invalid"); {@code env} configures the jar.
     */
    private static Burst burstThroughALeavingPricer(byte[] body, int burst, String outcome, Map<String, String> env)
            throws Exception {
        Map<String, String> leavingEnv = new java.util.HashMap<>(env);
        leavingEnv.putAll(Map.of("ROLES", "pricer", "NATS_CONNECTION_NAME", "leaving-pricer",
                "NATS_DRAIN_TIMEOUT_MS", "20000"));
        try (NatsServerProcess nats = NatsServerProcess.start();
             GatewayApp other = GatewayApp.start(nats.url(), "pricer", Map.of("nats.connection-name", "other-pricer"));
             JarProcess leaving = JarProcess.start(withNats(leavingEnv, nats.url()));
             Connection client = Nats.connect(nats.url())) {
            leaving.awaitReady(Duration.ofSeconds(60));
            List<CompletableFuture<Message>> replies = new ArrayList<>(burst);
            for (int i = 0; i < burst; i++) {
                replies.add(client.requestWithTimeout(SUBJECT, body, Duration.ofSeconds(60)));
            }
            client.flush(Duration.ofSeconds(5));
            leaving.terminate();

            Map<Integer, Integer> statuses = new java.util.TreeMap<>();
            List<String> failures = new ArrayList<>();
            for (CompletableFuture<Message> reply : replies) {
                try {
                    JsonNode envelope = JSON.readTree(reply.get(90, TimeUnit.SECONDS).getData());
                    statuses.merge(envelope.path("status").asInt(), 1, Integer::sum);
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
            long exitMillis = leaving.awaitExitMillis(Duration.ofSeconds(60));
            String log = leaving.log();
            String answered = " " + outcome + " in ";
            long byLeaving = log.lines().filter(line -> line.contains(answered)).count();
            long afterSigterm = log.substring(Math.max(0, log.indexOf("triggered by SIGTERM"))).lines()
                    .filter(line -> line.contains(answered)).count();
            long records = client.jetStreamManagement().getStreamInfo("FOOTBALL_INVALID").getStreamState().getMsgCount();
            System.out.printf("[fault figures] pricer SIGTERM: %d requests, answers %s, %d failed, %d records kept; "
                    + "the leaving pricer answered %d %s (%d after SIGTERM), exited %d ms after SIGTERM%n", burst,
                    statuses, failures.size(), records, byLeaving, outcome, afterSigterm, exitMillis);

            assertThat(exitMillis).as("exited").isNotNegative();
            assertThat(leaving.exitValue()).as("128 + SIGTERM, after a clean shutdown").isEqualTo(143);
            assertThat(log).contains("NATS subscription drained");
            return new Burst(statuses, failures, byLeaving, records);
        }
    }

    @Test
    void aGatewayAnswersTheHttpRequestsInFlightBeforeItExits() throws Exception {
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        try (NatsServerProcess nats = NatsServerProcess.start();
             Connection responder = Nats.connect(nats.url());
             JarProcess gateway = JarProcess.start(Map.of("NATS_URL", nats.url(), "ROLES", "gateway",
                     "FOOTBALL_TIMEOUT_MS", "10000"))) {
            AtomicInteger received = new AtomicInteger();
            Dispatcher slow = responder.createDispatcher(message -> {
                received.incrementAndGet();
                later.schedule(() -> responder.publish(message.getReplyTo(),
                        "{\"status\":200,\"body\":{\"game_id\":\"slow\"}}".getBytes(StandardCharsets.UTF_8)),
                        1500, TimeUnit.MILLISECONDS);
            });
            slow.subscribe(SUBJECT, QUEUE);
            responder.flush(Duration.ofSeconds(2));
            gateway.awaitReady(Duration.ofSeconds(60));

            HttpClient http = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                inFlight.add(http.sendAsync(HttpRequest.newBuilder(gateway.uri("/football"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(VALID)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (received.get() < 10 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(received.get()).as("all ten in flight at the pricer").isEqualTo(10);
            gateway.terminate();
            Thread.sleep(300);
            assertThat(http.send(HttpRequest.newBuilder(gateway.uri("/observe/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("not ready while shutting down").isEqualTo(503);

            for (CompletableFuture<HttpResponse<String>> response : inFlight) {
                HttpResponse<String> answer = response.get(30, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).isEqualTo("{\"game_id\":\"slow\"}");
            }
            assertThat(gateway.awaitExitMillis(Duration.ofSeconds(30))).isNotNegative();
            assertThat(gateway.exitValue()).as("128 + SIGTERM, after a clean shutdown").isEqualTo(143);
        } finally {
            later.shutdownNow();
        }
    }

    @Test
    void shutdownIsBoundedByItsSettingEvenWhenAReplyNeverComes() throws Exception {
        try (NatsServerProcess nats = NatsServerProcess.start();
             Connection silent = Nats.connect(nats.url());
             JarProcess gateway = JarProcess.start(Map.of("NATS_URL", nats.url(), "ROLES", "gateway",
                     "FOOTBALL_TIMEOUT_MS", "120000", "SHUTDOWN_TIMEOUT_S", "2"))) {
            silent.createDispatcher(message -> { }).subscribe(SUBJECT, QUEUE);
            silent.flush(Duration.ofSeconds(2));
            gateway.awaitReady(Duration.ofSeconds(60));
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 3; i++) {
                http.sendAsync(HttpRequest.newBuilder(gateway.uri("/football")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(VALID)).build(), HttpResponse.BodyHandlers.discarding());
            }
            Thread.sleep(500);

            gateway.terminate();
            long exitMillis = gateway.awaitExitMillis(Duration.ofSeconds(60));
            System.out.printf("[fault figures] gateway SIGTERM with replies that never come, SHUTDOWN_TIMEOUT_S=2: "
                    + "exited after %d ms%n", exitMillis);
            assertThat(exitMillis).as("exit within the shutdown timeout plus a few seconds").isBetween(0L, 8000L);
        }
    }
}
