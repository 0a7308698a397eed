package routes.observe;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import routes.testing.GatewayApp;
import routes.testing.NatsServerProcess;
import routes.testing.Resources;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes probes: readiness follows what the process needs (the NATS connection, the invalid-records stream)
 * and says why it is DOWN; liveness stays UP through broker trouble, so pods are not restarted for it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadinessTest {

    private static final String STREAM = "FOOTBALL_INVALID";
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private NatsServerProcess nats;
    private GatewayApp app;

    @BeforeAll
    void start() throws Exception {
        nats = NatsServerProcess.start();
        app = GatewayApp.start(nats.url(), "gateway,pricer", Map.of("nats.reconnect-wait-ms", "200"));
    }

    @AfterAll
    void stop() throws Exception {
        Resources.closeAll(app, nats);
    }

    @Test
    void readinessFollowsTheNatsConnectionAndLivenessDoesNot() throws Exception {
        assertThat(app.get("/observe/health/ready").statusCode()).isEqualTo(200);

        nats.stop();
        // the stream check may time out before the client notices the server is gone: the first 503 can name only
        // the stream; the connection's reason follows as soon as the client knows
        HttpResponse<String> down = awaitReady(response -> response.statusCode() == 503
                && response.body().contains("nats-connection"));
        assertThat(down.body()).contains("\"status\":\"DOWN\"").contains("nats-connection").contains("NATS connection is");
        assertThat(down.body()).doesNotContain("password");
        HttpResponse<String> live = app.get("/observe/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).contains("\"status\":\"UP\"");

        nats.startAgain();
        HttpResponse<String> up = awaitReady(response -> response.statusCode() == 200);
        assertThat(up.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void readinessIsDownWhileTheStreamCannotKeepInvalidRecordsAndAMissingStreamIsCreatedAgain() throws Exception {
        try (Connection admin = Nats.connect(nats.url())) {
            JetStreamManagement jsm = admin.jetStreamManagement();
            assertThat(jsm.getStreamNames()).contains(STREAM);

            jsm.deleteStream(STREAM);
            jsm.addStream(StreamConfiguration.builder().name(STREAM).subjects("somewhere.else").build());
            HttpResponse<String> down = awaitReady(response -> response.statusCode() == 503);
            assertThat(down.body()).contains("invalid-records-stream").contains("do not include [football.invalid]");
            assertThat(app.get("/observe/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> unrecorded = app.postJson("{}");
            assertThat(unrecorded.statusCode()).as("no stream keeps the record: not a 400").isEqualTo(503);
            assertThat(unrecorded.body()).contains("could not be recorded");

            jsm.deleteStream(STREAM);
            awaitReady(response -> response.statusCode() == 200);
            assertThat(jsm.getStreamInfo(STREAM).getConfiguration().getSubjects()).isEqualTo(List.of("football.invalid"));
            assertThat(app.postJson("{}").statusCode()).as("an invalid request is recorded again").isEqualTo(400);
            assertThat(jsm.getStreamInfo(STREAM).getStreamState().getMsgCount()).isEqualTo(1);
        }
    }

    private HttpResponse<String> awaitReady(Predicate<HttpResponse<String>> condition) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            HttpResponse<String> response = app.get("/observe/health/ready");
            if (condition.test(response)) {
                return response;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("readiness still " + response.statusCode() + " " + response.body());
            }
            Thread.sleep(TimeUnit.MILLISECONDS.toMillis(100));
        }
    }
}
