package routes;

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
