package routes.app;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import routes.testing.JarProcess;
import routes.testing.NatsServerProcess;
import routes.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The shaded jar as operators run it ({@code java -jar target/gateway.jar}, prod profile), configured only through
 * the contract's environment variables. Runs after {@code package} (failsafe), so it also checks the jar's merged
 * service files.
 */
class RunnableJarIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void runsFromTheJarWithTheContractsEnvironmentVariables() throws Exception {
        try (NatsServerProcess nats = NatsServerProcess.start()) {
            JarProcess gateway = JarProcess.start(Map.of("NATS_URL", nats.url(), "ROLES", "gateway,pricer",
                    "FOOTBALL_TIMEOUT_MS", "1500", "PRICING_MARGIN", "0.25", "LOG_FORMAT", "json"));
            try {
                gateway.awaitReady(Duration.ofSeconds(60));
                HttpResponse<String> priced = HttpClient.newHttpClient().send(HttpRequest.newBuilder(gateway.uri("/football"))
                        .timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"game_id\":\"jar\",\"home_expected\":1.5,\"away_expected\":1.1}"))
                        .build(), HttpResponse.BodyHandlers.ofString());

                assertThat(priced.statusCode()).isEqualTo(200);
                JsonNode body = JSON.readTree(priced.body());
                double pHome = body.path("probabilities").path("home").asDouble();
                assertThat(pHome).isCloseTo(0.464244185786790, within(1e-12));
                assertThat(body.path("home_towin").asDouble()).isCloseTo(1 / (pHome * 1.25), within(1e-12));
                assertThat(gateway.log()).contains("profile: prod").doesNotContain("started a local nats-server");
            } finally {
                gateway.terminate();
                assertThat(gateway.awaitExitMillis(Duration.ofSeconds(20))).as("stops on SIGTERM").isNotNegative();
            }
            assertThat(gateway.log()).contains("is shutdown");
            assertEveryLineIsAJsonLogEvent(gateway.logFile());
        }
    }

    /**
     * Both flows from the jar, the rpc services on PostgreSQL: the shaded jar must carry what the database side
     * finds through service files (the JDBC driver, Flyway's PostgreSQL support) and the migrations.
     */
    @Test
    void runsTheRpcServicesOnPostgresqlFromTheJar() throws Exception {
        try (NatsServerProcess nats = NatsServerProcess.start(); TestDatabase database = TestDatabase.create()) {
            JarProcess app = JarProcess.start(Map.of("NATS_URL", nats.url(), "ROLES", "gateway,worker",
                    "DB_URL", database.url(), "DB_USER", database.user()));
            try {
                app.awaitReady(Duration.ofSeconds(60));
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> hello = http.send(HttpRequest.newBuilder(app.uri("/greeting_service.hello"))
                        .POST(HttpRequest.BodyPublishers.ofString("[[\"Bob\"], {\"last_name\": \"Ross\"}]")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(hello.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(hello.body())).isEqualTo(JSON.readTree("[[\"Hello, Bob Ross\"], {}]"));
                HttpResponse<String> created = http.send(HttpRequest.newBuilder(app.uri("/thing_service.create_thing"))
                        .POST(HttpRequest.BodyPublishers.ofString("[[], {\"name\": \"Alice\"}]")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
                assertThat(database.column("SELECT name FROM thing")).containsExactly("Alice");
                assertThat(database.column("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
                        .containsExactly("1", "2");
            } finally {
                app.terminate();
                assertThat(app.awaitExitMillis(Duration.ofSeconds(20))).as("stops on SIGTERM").isNotNegative();
            }
        }
    }

    /** LOG_FORMAT=json: one JSON object a line, for log collectors, including each request's answered line. */
    private static void assertEveryLineIsAJsonLogEvent(Path log) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (!line.isBlank()) {
                JsonNode event = JSON.readTree(line);
                assertThat(event.path("message").isTextual()).as(line).isTrue();
                assertThat(event.path("log.level").isTextual()).as(line).isTrue();
                events.add(event);
            }
        }
        assertThat(events).anySatisfy(event -> {
            assertThat(event.path("log.logger").asText()).isEqualTo("routes.football.gateway");
            assertThat(event.path("message").asText()).contains("game_id=\"jar\" answered 200");
        });
    }

}
