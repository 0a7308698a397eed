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
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
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
        Path jar = Path.of("target", "gateway.jar");
        assertThat(jar).exists();
        int httpPort = NatsServerProcess.freePort();
        try (NatsServerProcess nats = NatsServerProcess.start()) {
            Path log = Files.createTempFile("gateway-jar-", ".log");
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().remove("CAMEL_MAIN_PROFILE");
            builder.environment().put("HTTP_PORT", String.valueOf(httpPort));
            builder.environment().put("NATS_URL", nats.url());
            builder.environment().put("ROLES", "gateway,pricer");
            builder.environment().put("FOOTBALL_TIMEOUT_MS", "1500");
            builder.environment().put("PRICING_MARGIN", "0.25");
            builder.environment().put("LOG_FORMAT", "json");
            Process gateway = builder.start();
            try {
                HttpResponse<String> priced = firstAnswer(httpPort, gateway, log.toFile());

                assertThat(priced.statusCode()).isEqualTo(200);
                JsonNode body = JSON.readTree(priced.body());
                double pHome = body.path("probabilities").path("home").asDouble();
                assertThat(pHome).isCloseTo(0.464244185786790, within(1e-12));
                assertThat(body.path("home_towin").asDouble()).isCloseTo(1 / (pHome * 1.25), within(1e-12));
                assertThat(Files.readString(log)).contains("profile: prod").doesNotContain("started a local nats-server");
            } finally {
                gateway.destroy();
                assertThat(gateway.waitFor(20, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
            }
            assertThat(Files.readString(log)).contains("is shutdown");
            assertEveryLineIsAJsonLogEvent(log);
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

    /** Waits for readiness (/observe/health/ready) (the HTTP port opens before the routes have started), then prices. */
    private static HttpResponse<String> firstAnswer(int port, Process gateway, File log) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/football"))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"game_id\":\"jar\",\"home_expected\":1.5,\"away_expected\":1.1}"))
                .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            assertThat(gateway.isAlive()).as("gateway process alive; log: %s", log).isTrue();
            try {
                if (client.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return client.send(request, HttpResponse.BodyHandlers.ofString());
                }
            } catch (java.io.IOException notYetListening) {
                // not listening yet: keep polling
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not ready within 60 s; log: " + Files.readString(log.toPath()));
            }
            Thread.sleep(100);
        }
    }
}
