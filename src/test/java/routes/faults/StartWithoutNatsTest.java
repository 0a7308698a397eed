package routes.faults;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import routes.testing.GatewayApp;
import routes.testing.NatsServerProcess;
import routes.testing.Resources;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The process starts while NATS is not there: alive, not ready (and says why), 503 to callers; when NATS appears the
 * routes start by themselves, the invalid-records stream is created, and it serves.
 */
class StartWithoutNatsTest {

    @Test
    void startsWithoutNatsAndServesOnceItAppears() throws Exception {
        NatsServerProcess nats = NatsServerProcess.notStarted();
        GatewayApp app = null;
        try {
            app = GatewayApp.start(nats.url(), "gateway,pricer", Map.of("nats.reconnect-wait-ms", "200"));

            assertThat(app.get("/observe/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = app.get("/observe/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("nats-connection").contains("NATS connection is CONNECTING")
                    .contains(nats.url().replace("nats://", "servers "));
            HttpResponse<String> early = app.postJson("{\"game_id\":\"g\",\"home_expected\":1,\"away_expected\":1}");
            assertThat(early.statusCode()).isEqualTo(503);
            assertThat(early.body()).isEqualTo("{\"error\":\"pricing service unavailable\"}");

            nats.startAgain();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (app.get("/observe/health/ready").statusCode() != 200) {
                assertThat(System.nanoTime()).as("ready once NATS is there").isLessThan(deadline);
                Thread.sleep(100);
            }
            assertThat(app.postJson("{\"game_id\":\"g\",\"home_expected\":1,\"away_expected\":1}").statusCode())
                    .isEqualTo(200);
            assertThat(app.postJson("{}").statusCode()).as("the stream for invalid records exists").isEqualTo(400);
        } finally {
            Resources.closeAll(app, nats);
        }
    }
}
