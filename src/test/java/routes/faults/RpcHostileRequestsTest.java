package routes.faults;

import java.io.IOException;
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
import routes.testing.RawHttp;
import routes.testing.RpcStack;

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

    private RpcStack stack;
    private GatewayApp app;

    @BeforeAll
    void start() throws Exception {
        stack = RpcStack.start(Map.of());
        app = stack.app();
    }

    @AfterAll
    void stop() throws Exception {
        stack.close();
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

        RawHttp.Response response = HttpCorpus.send(app.uri("/").getPort(), spec, ANSWER_WITHIN_MILLIS);

        HttpCorpus.assertJsonError(spec, response);
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
