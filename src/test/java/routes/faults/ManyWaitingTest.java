package routes.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import routes.testing.CapturedLogs;
import routes.testing.GatewayApp;
import routes.testing.NatsServerProcess;
import routes.testing.Resources;

/**
 * Many requests in flight at once: more waiting than Camel's default timer queue holds (1000) are each answered 504
 * at their timeout, none left hanging; and answered requests are finished on more than one thread on each side of
 * the broker (replies on nats.reply-threads, requests on nats-service concurrency).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManyWaitingTest {

    private static final int WAITING = 1500;
    private static final int ANSWERED = 200;
    private static final long TIMEOUT_MS = 1500;
    private static final String SILENT_SUBJECT = "football.silent";
    private static final byte[] VALID = "{\"game_id\":\"many\",\"home_expected\":1.5,\"away_expected\":1.1}"
            .getBytes(StandardCharsets.UTF_8);

    private NatsServerProcess nats;
    private GatewayApp silentGateway;
    private GatewayApp both;

    @BeforeAll
    void start() throws Exception {
        nats = NatsServerProcess.start();
        silentGateway = GatewayApp.start(nats.url(), "gateway", Map.of("football.subject", SILENT_SUBJECT,
                "football.timeout", String.valueOf(TIMEOUT_MS), "nats.connection-name", "many-silent"));
        both = GatewayApp.start(nats.url(), "gateway,pricer", Map.of("nats.connection-name", "many-both"));
    }

    @AfterAll
    void stop() throws Exception {
        Resources.closeAll(silentGateway, both, nats);
    }

    @Test
    void moreWaitingThanATimerQueueHoldsAreEachAnsweredAtTheirTimeout() throws Exception {
        try (Connection silent = Nats.connect(nats.url())) {
            silent.createDispatcher(message -> { }).subscribe(SILENT_SUBJECT, "football-pricers");
            silent.flush(Duration.ofSeconds(2));
            List<CompletableFuture<HttpResponse<String>>> answers = send(silentGateway, WAITING);
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                statuses.add(answer.get(TIMEOUT_MS * 10, TimeUnit.MILLISECONDS).statusCode());
            }
            assertThat(statuses).hasSize(WAITING).containsOnly(504);
        }
    }

    @Test
    void answersAreFinishedOnMoreThanOneThreadOnEachSide() throws Exception {
        try (CapturedLogs logs = CapturedLogs.capture()) {
            for (CompletableFuture<HttpResponse<String>> answer : send(both, ANSWERED)) {
                assertThat(answer.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
            // each side logs its line on the thread that finished the request
            assertThat(threads(logs, "routes.football.gateway")).hasSizeGreaterThan(1);
            assertThat(threads(logs, "routes.football.worker")).hasSizeGreaterThan(1);
        }
    }

    private static Set<String> threads(CapturedLogs logs, String logger) {
        return logs.containing("game_id=\"many\"").stream().filter(line -> line.logger().equals(logger))
                .map(CapturedLogs.Line::thread).collect(Collectors.toSet());
    }

    private static List<CompletableFuture<HttpResponse<String>>> send(GatewayApp app, int count) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            answers.add(http.sendAsync(HttpRequest.newBuilder(app.uri("/football"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(VALID))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        return answers;
    }
}
