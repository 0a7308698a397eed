package routes.football;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import routes.testing.GatewayApp;
import routes.testing.NatsServerProcess;
import routes.testing.Resources;

import static org.assertj.core.api.Assertions.assertThat;

/** NATS stops: the gateway answers 503 at once; NATS returns: 200s resume without restarting anything. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NatsOutageTest {

    private static final String VALID = "{\"game_id\":\"g\",\"home_expected\":1,\"away_expected\":1}";
    private static final long TIMEOUT_MS = 1500;

    private NatsServerProcess nats;
    private GatewayApp app;

    @BeforeAll
    void start() throws Exception {
        nats = NatsServerProcess.start();
        app = GatewayApp.start(nats.url(), "gateway,pricer", Map.of(
                "football.timeout", String.valueOf(TIMEOUT_MS),
                "nats.reconnect-wait-ms", "200"));
    }

    @AfterAll
    void stop() throws Exception {
        Resources.closeAll(app, nats);
    }

    @Test
    void answers503WhileNatsIsDownAndRecoversWhenItReturns() throws Exception {
        assertThat(app.postJson(VALID).statusCode()).isEqualTo(200);

        nats.stop();
        long started = System.nanoTime();
        HttpResponse<String> during = app.postJson(VALID);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(during.statusCode()).as(during.body()).isIn(503, 504);
        assertThat(millis).as("answered within the timeout plus 0.5 s").isLessThan(TIMEOUT_MS + 500);
        // once the client has noticed the disconnection, the answer is an immediate 503
        HttpResponse<String> later = app.postJson(VALID);
        assertThat(later.statusCode()).isEqualTo(503);
        assertThat(later.body()).contains("pricing service unavailable");

        nats.startAgain();
        long back = System.nanoTime();
        int status = 0;
        while (status != 200 && System.nanoTime() - back < TimeUnit.SECONDS.toNanos(10)) {
            status = app.postJson(VALID).statusCode();
            if (status != 200) {
                Thread.sleep(50);
            }
        }
        long recoveryMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
        assertThat(status).isEqualTo(200);
        assertThat(recoveryMillis).as("200s resume soon after NATS returns").isLessThan(3000);
    }
}
