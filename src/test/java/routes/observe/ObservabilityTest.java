package routes.observe;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import routes.testing.CapturedLogs;
import routes.testing.Dashboard;
import routes.testing.GatewayApp;
import routes.testing.NatsServerProcess;
import routes.testing.Resources;
import routes.testing.Scrape;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator sees, through real HTTP and a real nats-server: the counts in /observe/metrics after mixed
 * traffic, the OpenAPI document, the per-request log lines, and a dashboard that only queries metrics that exist.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SILENT_SUBJECT = "observe.silent";

    private NatsServerProcess nats;
    private GatewayApp app;
    private GatewayApp gatewayOnly;

    @BeforeAll
    void start() throws Exception {
        nats = NatsServerProcess.start();
        // Camel's own route metrics are off by default (CAMEL_ROUTE_METRICS): this process turns them on
        app = GatewayApp.start(nats.url(), "gateway,pricer", Map.of("camel.metrics.enable-route-policy", "true"));
        // a second gateway whose subject no pricer serves: its 503s and 504s are counted too
        gatewayOnly = GatewayApp.start(nats.url(), "gateway", Map.of(
                "football.subject", SILENT_SUBJECT, "football.timeout", "300", "nats.connection-name", "silent-gateway"));
    }

    @AfterAll
    void stop() throws Exception {
        Resources.closeAll(gatewayOnly, app, nats);
    }

    @Test
    void aBurstOfMixedTrafficIsCountedExactly() throws Exception {
        Scrape before = app.scrape();
        for (int i = 0; i < 7; i++) {
            assertThat(app.postJson("{\"game_id\":\"v" + i + "\",\"home_expected\":1.2,\"away_expected\":0.8}").statusCode())
                    .isEqualTo(200);
        }
        for (String invalid : List.of("{\"game_id\":\"x\",\"home_expected\":\"1\",\"away_expected\":1}", "{}", "not json",
                "{\"game_id\":\"g\",\"home_expected\":99,\"away_expected\":1}", "[]")) {
            assertThat(app.postJson(invalid).statusCode()).as(invalid).isEqualTo(400);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(app.get("/nope").statusCode()).isEqualTo(404);
        }
        for (int i = 0; i < 2; i++) {
            assertThat(app.send(HttpRequest.newBuilder(app.uri("/football")).PUT(HttpRequest.BodyPublishers.ofString("{}")))
                    .statusCode()).isEqualTo(405);
            assertThat(app.post("/football", "text/plain", "{}".getBytes(StandardCharsets.UTF_8), Map.of()).statusCode())
                    .isEqualTo(415);
        }
        assertThat(app.post("/football", "application/json", new byte[70_000], Map.of()).statusCode()).isEqualTo(413);

        Scrape after = app.scrape();
        assertThat(delta(before, after, "gateway_http_requests_total", "flow", "football", "status", "200")).isEqualTo(7);
        assertThat(delta(before, after, "gateway_http_requests_total", "flow", "football", "status", "400")).isEqualTo(5);
        assertThat(delta(before, after, "gateway_http_requests_total", "flow", "none", "status", "404")).isEqualTo(3);
        assertThat(delta(before, after, "gateway_http_requests_total", "flow", "none", "status", "405")).isEqualTo(2);
        // a media type the flow does not read is the flow's answer, not the HTTP layer's
        assertThat(delta(before, after, "gateway_http_requests_total", "flow", "football", "status", "415")).isEqualTo(2);
        assertThat(delta(before, after, "gateway_http_requests_total", "flow", "none", "status", "413")).isEqualTo(1);
        assertThat(delta(before, after, "gateway_http_request_duration_seconds_count", "flow", "football")).isEqualTo(14);
        assertThat(delta(before, after, "gateway_nats_request_duration_seconds_count", "flow", "football", "outcome", "reply"))
                .isEqualTo(12);
        assertThat(delta(before, after, "worker_requests_total", "flow", "football", "outcome", "priced")).isEqualTo(7);
        assertThat(delta(before, after, "worker_requests_total", "flow", "football", "outcome", "invalid")).isEqualTo(5);
        assertThat(delta(before, after, "worker_processing_duration_seconds_count", "flow", "football", "outcome", "priced"))
                .isEqualTo(7);
        assertThat(after.value("nats_connection_up", "connection", "gateway")).isEqualTo(1);
        // Camel's own route metrics are there too, where turned on
        assertThat(delta(before, after, "camel_exchanges_total", "camelContext", "gateway", "kind", "CamelRoute",
                "routeId", "football-pricer", "eventType", "route")).isEqualTo(12);
    }

    @Test
    void camelsRouteMetricsAreOffByDefault() throws Exception {
        assertThat(gatewayOnly.postJson("{\"game_id\":\"s\",\"home_expected\":1,\"away_expected\":1}").statusCode())
                .isEqualTo(503);
        Scrape scrape = gatewayOnly.scrape();
        assertThat(scrape.names()).contains("gateway_http_requests_total").doesNotContain("camel_exchanges_total");
    }

    @Test
    void noPricerAndASilentPricerAreCountedAs503And504() throws Exception {
        Scrape before = gatewayOnly.scrape();
        String valid = "{\"game_id\":\"s\",\"home_expected\":1,\"away_expected\":1}";
        assertThat(gatewayOnly.postJson(valid).statusCode()).isEqualTo(503);
        assertThat(gatewayOnly.postJson(valid).statusCode()).isEqualTo(503);
        try (Connection silent = Nats.connect(nats.url())) {
            silent.subscribe(SILENT_SUBJECT); // receives, never replies
            silent.flush(java.time.Duration.ofSeconds(2));
            assertThat(gatewayOnly.postJson(valid).statusCode()).isEqualTo(504);
            assertThat(gatewayOnly.postJson(valid).statusCode()).isEqualTo(504);
        }

        Scrape after = gatewayOnly.scrape();
        assertThat(delta(before, after, "gateway_http_requests_total", "flow", "football", "status", "503")).isEqualTo(2);
        assertThat(delta(before, after, "gateway_http_requests_total", "flow", "football", "status", "504")).isEqualTo(2);
        assertThat(delta(before, after, "gateway_nats_request_duration_seconds_count", "flow", "football", "outcome", "failed"))
                .isEqualTo(2);
        assertThat(delta(before, after, "gateway_nats_request_duration_seconds_count", "flow", "football", "outcome", "timeout"))
                .isEqualTo(2);
        assertThat(after.value("worker_requests_total", "flow", "football", "outcome", "priced")).isZero();
    }

    @Test
    void headersAWorkerPutsOnItsReplyNeverReachTheCaller() throws Exception {
        try (Connection worker = Nats.connect(nats.url())) {
            worker.createDispatcher(message -> {
                io.nats.client.impl.Headers headers = new io.nats.client.impl.Headers()
                        .add("Set-Cookie", "session=stolen").add("X-Worker", "w1");
                worker.publish(message.getReplyTo(), headers,
                        "{\"status\":200,\"body\":{\"game_id\":\"h\"}}".getBytes(StandardCharsets.UTF_8));
            }).subscribe(SILENT_SUBJECT);
            worker.flush(java.time.Duration.ofSeconds(2));

            HttpResponse<String> answer = gatewayOnly.post("/football", "application/json",
                    "{}".getBytes(StandardCharsets.UTF_8), Map.of("X-Request-Id", "hdr-1"));

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("{\"game_id\":\"h\"}");
            assertThat(answer.headers().firstValue("X-Request-Id")).hasValue("hdr-1");
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(answer.headers().map()).doesNotContainKeys("set-cookie", "x-worker", "Set-Cookie", "X-Worker");
        }
    }

    static final String PPV_ROW = "Pay-per-view";
    static final String WEBSOCKET_ROW = "WebSocket";

    @Test
    void theDashboardQueriesOnlyMetricsThatAReadScrapeHas() throws Exception {
        app.postJson("{\"game_id\":\"d\",\"home_expected\":1,\"away_expected\":1}");
        app.postJson("{}");
        Set<String> scraped = app.scrape().names();

        Dashboard read = Dashboard.read();
        JsonNode dashboard = read.document();
        JsonNode datasource = dashboard.path("templating").path("list").get(0);
        assertThat(datasource.path("type").asText()).isEqualTo("datasource");
        assertThat(datasource.path("query").asText()).isEqualTo("prometheus");
        // the rows of the flows this process runs; the ppv row is checked against a ppv scrape (PpvEndToEndTest), the
        // WebSocket row against a scrape after socket traffic (WebSocketActionsTest)
        Set<String> queried = read.queriedUnder(row -> !row.startsWith(PPV_ROW) && !row.startsWith(WEBSOCKET_ROW));
        List<String> rows = read.rows();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            Matcher labelValues = Pattern.compile("label_values\\((\\w+)").matcher(variable.path("definition").asText());
            if (labelValues.find()) {
                queried.add(labelValues.group(1));
            }
        }
        assertThat(queried).contains("gateway_http_requests_total", "gateway_http_request_duration_seconds_bucket",
                "worker_requests_total", "nats_connection_up");
        assertThat(scraped).containsAll(queried);
        assertThat(rows).as("a row per flow").anyMatch(row -> row.startsWith("Football")).anyMatch(row -> row.startsWith("RPC"))
                .anyMatch(row -> row.startsWith(PPV_ROW)).anyMatch(row -> row.startsWith(WEBSOCKET_ROW));
        assertThat(dashboard.toString()).doesNotContainPattern("\"uid\":\"(?!\\$\\{datasource}|rest-gateway)[^\"]*\"");
    }

    @Test
    void theOpenApiDocumentDescribesFootballWithEveryStatusOfTheContract() throws Exception {
        HttpResponse<String> response = app.get("/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);

        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(response.body());
        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.");
        JsonNode post = JSON.readTree(response.body()).path("paths").path("/football").path("post");
        JsonNode responses = post.path("responses");
        assertThat(fieldNames(responses)).containsExactlyInAnyOrder("200", "400", "404", "405", "413", "415", "503", "504");
        for (String status : fieldNames(responses)) {
            JsonNode json = responses.path(status).path("content").path("application/json");
            assertThat(json.path("schema").path("$ref").asText()).as(status).isNotEmpty();
            String example = json.path("examples").path("application/json").path("value").asText();
            assertThat(JSON.readTree(example).isObject()).as("example of %s is a JSON object", status).isTrue();
        }
        JsonNode request = JSON.readTree(response.body()).path("components").path("schemas").path("FootballRequest");
        assertThat(fieldNames(request.path("properties"))).containsExactlyInAnyOrder("game_id", "home_expected", "away_expected");
        assertThat(request.path("properties").path("home_expected").path("maximum").asDouble()).isEqualTo(15);
        assertThat(post.path("requestBody").path("content").path("application/json").path("example").asText())
                .contains("home_expected");
    }

    @Test
    void swaggerUiIsServedAtDocsOnTheGeneratedDocument() throws Exception {
        HttpResponse<String> page = app.get("/docs/index.html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html");
        assertThat(page.body()).contains("swagger-ui/swagger-ui-bundle.js", "swagger-ui/swagger-ui.css", "docs.js");
        assertThat(app.get("/docs/swagger-ui/swagger-ui-bundle.js").body()).contains("SwaggerUIBundle");
        assertThat(app.get("/docs/swagger-ui/swagger-ui.css").statusCode()).isEqualTo(200);
        // docs.js loads the document relative to /docs/, i.e. /openapi.json
        assertThat(app.get("/docs/docs.js").body()).contains("url: \"../openapi.json\"");
    }

    @Test
    void eachRequestLogsOneEscapedLineOnEachSide() throws Exception {
        try (CapturedLogs logs = CapturedLogs.capture()) {
            String hostileId = "evil\nINFO forged line\u0007\u202e";
            String body = JSON.writeValueAsString(Map.of("game_id", hostileId, "home_expected", 1, "away_expected", 2));
            HttpResponse<String> answer = app.post("/football", "application/json",
                    body.getBytes(StandardCharsets.UTF_8), Map.of("X-Request-Id", "log-line-1"));
            assertThat(answer.statusCode()).isEqualTo(200);

            List<CapturedLogs.Line> lines = logs.containing("log-line-1");
            assertThat(lines).extracting(CapturedLogs.Line::logger)
                    .containsExactlyInAnyOrder("routes.football.gateway", "routes.football.worker");
            String escaped = "game_id=\"evil\\nINFO forged line\\u0007\\u202e\"";
            for (CapturedLogs.Line line : lines) {
                assertThat(line.level()).isEqualTo(Level.INFO);
                assertThat(line.message()).contains(escaped).doesNotContain("\n").doesNotContain("\u0007")
                        .matches(".* in \\d+\\.\\d{3} ms$");
            }
            assertThat(lines).anySatisfy(line -> assertThat(line.message()).contains("answered 200"));
            assertThat(lines).anySatisfy(line -> assertThat(line.message()).contains(" priced in "));
        }
    }

    @Test
    void javaUtilLoggingOfTheNatsClientReachesLog4j() {
        try (CapturedLogs logs = CapturedLogs.capture()) {
            java.util.logging.Logger.getLogger("io.nats.client.bridge-probe").warning("jul bridge probe");

            assertThat(logs.containing("jul bridge probe")).singleElement()
                    .satisfies(line -> assertThat(line.logger()).isEqualTo("io.nats.client.bridge-probe"))
                    .satisfies(line -> assertThat(line.level()).isEqualTo(Level.WARN));
        }
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
