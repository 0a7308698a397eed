package routes.ops;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import routes.testing.CapturedLogs;
import routes.testing.GatewayApp;
import routes.testing.NatsServerProcess;
import routes.testing.Outages;
import routes.testing.Resources;
import routes.testing.RouteFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routes read from an operator's directory (ROUTES_DIR) and reloaded on change (ROUTES_RELOAD): an edit takes effect
 * without a restart; a broken edit is refused with a log line naming the file, and the running routes stay.
 */
class RouteReloadTest {

    private static final String NEW_PATH = """
            - rest:
                id: football-api-v1
                path: /v1/football
                post:
                  - id: football-post-v1
                    consumes: application/json
                    produces: application/json
                    to:
                      uri: direct:football
            """;

    @TempDir
    Path dir;

    @Test
    void anEditIsReloadedAndABrokenOneRefusedWhileTheRoutesKeepRunning() throws Exception {
        RouteFiles.copyTo(dir);
        Path gatewayRoutes = dir.resolve("football-gateway.camel.yaml");
        NatsServerProcess nats = NatsServerProcess.start();
        GatewayApp app = null;
        try (CapturedLogs logs = CapturedLogs.capture()) {
            // gateway only, on a subject no pricer serves: a request that reaches the flow answers 503, a path that
            // does not exist 404
            app = GatewayApp.start(nats.url(), "gateway", Map.of("app.routes.dir", dir.toString(),
                    "app.routes.reload", "true", "football.subject", "reload.nobody"));
            assertThat(app.post("/v1/football", "application/json", Outages.VALID.getBytes(), Map.of()).statusCode())
                    .isEqualTo(404);

            replace(gatewayRoutes, Files.readString(gatewayRoutes) + NEW_PATH);
            awaitStatus(app, "/v1/football", 503);

            replace(gatewayRoutes, Files.readString(gatewayRoutes)
                    + "- route:\n    id: broken\n    from:\n      uri: nosuch:x\n      steps:\n        - log:\n            message: x\n");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (logs.containing("Error reloading routes from file").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(logs.containing("Error reloading routes from file")).isNotEmpty().allSatisfy(line -> {
                assertThat(line.level()).isEqualTo(org.apache.logging.log4j.Level.WARN);
                assertThat(line.message()).contains(gatewayRoutes.toString()).contains("nosuch");
            });
            assertThat(app.post("/v1/football", "application/json", Outages.VALID.getBytes(), Map.of()).statusCode())
                    .as("the reloaded path still served").isEqualTo(503);
            assertThat(app.postJson(Outages.VALID).body()).isEqualTo("{\"error\":\"pricing service unavailable\"}");
            assertThat(app.get("/observe/health/ready").statusCode()).isEqualTo(200);
        } finally {
            Resources.closeAll(app, nats);
        }
    }

    /**
     * Replaces the file in one step, as editors and Kubernetes volume updates do (write aside, then rename): a write in
     * place can be seen half done, and the watcher then refuses an empty file first.
     */
    private static void replace(Path file, String content) throws Exception {
        Path aside = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(aside, content);
        Files.move(aside, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void awaitStatus(GatewayApp app, String path, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        HttpResponse<String> response;
        do {
            Thread.sleep(200);
            response = app.post(path, "application/json", Outages.VALID.getBytes(), Map.of());
        } while (response.statusCode() != status && System.nanoTime() < deadline);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    }
}
