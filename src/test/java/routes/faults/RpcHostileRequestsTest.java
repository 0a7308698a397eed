package routes.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
import routes.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RPC bridge's bad-input corpus ({@code src/test/resources/hostile-rpc/}), sent byte for byte: each its 4xx with
 * a JSON error naming the problem, never a 5xx; the services keep serving and the process stays ready.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RpcHostileRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of("src", "test", "resources", "hostile-rpc");
    private static final int ANSWER_WITHIN_MILLIS = 10_000;

    private NatsServerProcess nats;
    private TestDatabase database;
    private GatewayApp app;

    @BeforeAll
    void start() throws Exception {
        nats = NatsServerProcess.start();
        database = TestDatabase.create();
        app = GatewayApp.start(nats.url(), "gateway,worker", new HashMap<>(database.settings()));
    }

    @AfterAll
    void stop() throws Exception {
        Resources.closeAll(app, database, nats);
    }

    static Stream<Path> corpus() throws IOException {
        List<Path> files = HttpCorpus.files(CORPUS);
        assertThat(files).as("the corpus holds at least 80 requests").hasSizeGreaterThanOrEqualTo(80);
        return files.stream();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachBadRequestGetsItsJsonErrorNamingTheProblem(Path file) throws Exception {
        JsonNode spec = JSON.readTree(file.toFile());
        JsonNode expect = spec.path("expect");

        RawHttp.Response response = HttpCorpus.send(app.uri("/").getPort(), spec, ANSWER_WITHIN_MILLIS);

        assertThat(response.status()).as("%s: %s", spec.path("description").asText(), response.body())
                .isEqualTo(expect.path("status").asInt());
        assertThat(response.status()).isBetween(400, 499);
        assertThat(response.header("Content-Type")).as("Content-Type").startsWith("application/json");
        JsonNode body = JSON.readTree(response.body());
        String error = body.path("error").asText("");
        assertThat(error).as("the error names the problem: %s", response.body()).isNotBlank();
        String everything = (error + " " + body.path("violations") + " " + body.path("available")).toLowerCase(Locale.ROOT);
        for (JsonNode mention : expect.path("error_mentions")) {
            assertThat(everything).as(response.body()).contains(mention.asText().toLowerCase(Locale.ROOT));
        }
    }

    @Order(2)
    @Test
    void afterTheCorpusTheServicesServeAndTheProcessIsReady() throws Exception {
        assertThat(app.get("/observe/health/ready").statusCode()).isEqualTo(200);
        assertThat(app.post("/greeting_service.hello", "application/json", "[[\"after\"]]".getBytes(), Map.of()).body())
                .isEqualTo("[[\"Hello, after\"],{}]");
        assertThat(app.post("/thing_service.create_thing", null, "{\"name\":\"after\"}".getBytes(), Map.of())
                .statusCode()).isEqualTo(200);
    }
}
