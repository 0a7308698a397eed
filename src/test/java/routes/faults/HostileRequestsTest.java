package routes.faults;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import routes.testing.GatewayApp;
import routes.testing.HttpCorpus;
import routes.testing.NatsServerProcess;
import routes.testing.RawHttp;
import routes.testing.Resources;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile corpus ({@code src/test/resources/hostile/*.json}, format in its README) sent byte for byte over a
 * socket: each gets the expected 4xx with a JSON error naming the problem (or, for the few the contract reads as JSON
 * after all, its price), within the socket timeout; afterwards the gateway is still ready and its heap has not grown
 * with what it was sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of("src", "test", "resources", "hostile");
    private static final int ANSWER_WITHIN_MILLIS = 10_000;
    private static final long HEAP_GROWTH_LIMIT_BYTES = 64L << 20;

    private NatsServerProcess nats;
    private GatewayApp app;
    private int port;
    private long heapBefore;

    @BeforeAll
    void start() throws Exception {
        nats = NatsServerProcess.start();
        app = GatewayApp.start(nats.url(), "gateway,pricer", Map.of());
        port = app.uri("/").getPort();
        assertThat(app.postJson("{\"game_id\":\"warm\",\"home_expected\":1,\"away_expected\":1}").statusCode()).isEqualTo(200);
        heapBefore = usedHeapAfterGc();
    }

    @AfterAll
    void stop() throws Exception {
        Resources.closeAll(app, nats);
    }

    static Stream<Path> corpus() throws IOException {
        List<Path> files = HttpCorpus.files(CORPUS);
        assertThat(files).as("the corpus holds at least 200 requests").hasSizeGreaterThanOrEqualTo(200);
        return files.stream();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachHostileRequestGetsItsJsonAnswer(Path file) throws Exception {
        JsonNode spec = JSON.readTree(file.toFile());
        JsonNode expect = spec.path("expect");

        RawHttp.Response response = HttpCorpus.send(port, spec, ANSWER_WITHIN_MILLIS);

        if (expect.has("game_id")) {
            // a request the contract reads as JSON after all (no Content-Type, a form): priced
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.header("Content-Type")).as("Content-Type").startsWith("application/json");
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.path("game_id").asText()).isEqualTo(expect.path("game_id").asText());
            assertThat(body.path("probabilities").path("home").isNumber()).isTrue();
            return;
        }
        HttpCorpus.assertJsonError(spec, response);
    }

    @Order(2)
    @Test
    void afterTheCorpusTheGatewayIsHealthyAndItsHeapBounded() throws Exception {
        assertThat(app.get("/observe/health/ready").statusCode()).isEqualTo(200);
        assertThat(app.postJson("{\"game_id\":\"after\",\"home_expected\":1,\"away_expected\":1}").statusCode()).isEqualTo(200);
        long growth = usedHeapAfterGc() - heapBefore;
        System.out.printf("[fault figures] hostile corpus: heap used after GC grew by %d KiB%n", growth >> 10);
        assertThat(growth).as("heap growth in bytes").isLessThan(HEAP_GROWTH_LIMIT_BYTES);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
