package routes.football;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import routes.testing.GatewayApp;
import routes.testing.NatsServerProcess;
import routes.testing.Resources;

import static org.assertj.core.api.Assertions.assertThat;

/** Two pricer processes in one queue group behind one gateway: the load is shared, each request answered once. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueueGroupTest {

    private static final int REQUESTS = 400;

    private NatsServerProcess nats;
    private GatewayApp gatewayAndPricer;
    private GatewayApp pricerOnly;

    @BeforeAll
    void start() throws Exception {
        nats = NatsServerProcess.start();
        gatewayAndPricer = GatewayApp.start(nats.url(), "gateway,pricer", Map.of());
        pricerOnly = GatewayApp.start(nats.url(), "pricer", Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        Resources.closeAll(pricerOnly, gatewayAndPricer, nats);
    }

    @Test
    void bothPricersAnswerAShareAndEachRequestIsAnsweredOnce() throws Exception {
        int before = gatewayAndPricer.pricedOrRefused() + pricerOnly.pricedOrRefused();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, REQUESTS)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> post(i), clients))
                    .toList();
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                HttpResponse<String> response = call.get(60, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(response.body()).isIn(200, 400);
            }
        } finally {
            clients.shutdownNow();
        }

        int first = gatewayAndPricer.pricedOrRefused();
        int second = pricerOnly.pricedOrRefused();
        assertThat(first + second - before).as("pricer exchanges across both processes").isEqualTo(REQUESTS);
        assertThat(first).as("share of the gateway's own pricer").isPositive();
        assertThat(second).as("share of the pricer-only process").isPositive();
    }

    @Test
    void aPricerOnlyProcessServesNoRestApi() throws Exception {
        HttpResponse<String> response = pricerOnly.postJson("{\"game_id\":\"g\",\"home_expected\":1,\"away_expected\":1}");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(pricerOnly.context().getRoute("football-gateway")).isNull();
        assertThat(gatewayAndPricer.context().getRoute("football-gateway")).isNotNull();
    }

    private HttpResponse<String> post(int i) {
        // every fifth request is invalid, so both branches are shared out too
        String body = i % 5 == 0
                ? "{\"game_id\":\"q" + i + "\",\"home_expected\":-1,\"away_expected\":1}"
                : "{\"game_id\":\"q" + i + "\",\"home_expected\":" + (i % 15) + ".5,\"away_expected\":1.2}";
        try {
            return gatewayAndPricer.postJson(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
