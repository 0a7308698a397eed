package routes.rpc;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import routes.testing.Dashboard;
import routes.testing.GatewayApp;
import routes.testing.NatsMonitor;
import routes.testing.RawHttp;
import routes.testing.Resources;
import routes.testing.RpcStack;
import routes.testing.Scrape;
import routes.testing.WsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The WebSocket bridge's JSON actions (websocket.md) through a real socket, a real nats-server (whose own count of
 * subscriptions is checked) and the rpc services, with plain NATS clients beside them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketActionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBJECT = "websocket_test.websocket_test";
    private static final Duration QUIET = Duration.ofMillis(300);

    private RpcStack stack;
    private GatewayApp app;
    private NatsMonitor monitor;
    private Connection plain;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("rpc.timeout-ms", "1500");
        settings.put("websocket.subscribe-allow", "websocket_test.*,news.*");
        stack = RpcStack.monitored(settings);
        monitor = stack.monitor();
        app = stack.app();
        plain = Nats.connect(stack.nats().url());
    }

    @AfterAll
    void stop() throws Exception {
        Resources.closeAll(plain, stack);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void subscribeThenPublishReachesEverySubscribedSocketAndNatsGetsTheDataAsJson() throws Exception {
        try (WsClient first = WsClient.actions(app); WsClient second = WsClient.actions(app)) {
            assertThat(first.subprotocol()).isEmpty();
            assertThat(json(first.ask("{\"action\": \"subscribe\", \"rpcs\": [\"websocket_test.news\"]}")))
                    .isEqualTo(json("{\"action\": \"subscribed\", \"rpcs\": [\"websocket_test.news\"]}"));
            second.ask("{\"action\": \"subscribe\", \"rpcs\": [\"websocket_test.news\"]}");
            Subscription onNats = plain.subscribe("websocket_test.news");
            plain.flush(Duration.ofSeconds(2));

            first.send("{\"action\": \"publish\", \"rpc\": \"websocket_test.news\", \"data\": {\"a\": [1, 2]}}");

            // the publisher's own event may come before its answer: NATS delivers on another thread
            JsonNode event = json("{\"subject\": \"websocket_test.news\", \"data\": {\"a\": [1, 2]}}");
            assertThat(List.of(json(first.next()), json(first.next()))).containsExactlyInAnyOrder(event,
                    json("{\"action\": \"published\", \"rpc\": \"websocket_test.news\"}"));
            assertThat(json(second.next())).isEqualTo(event);
            assertThat(new String(onNats.nextMessage(Duration.ofSeconds(2)).getData(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"a\":[1,2]}");
        }
    }

    @Test
    void aNatsMessageThatIsNotJsonArrivesAsAString() throws Exception {
        try (WsClient socket = WsClient.actions(app)) {
            socket.ask("{\"action\": \"subscribe\", \"rpcs\": [\"news.plain\"]}");
            // another connection publishes: only once the server has the gateway's SUB is the message routed to it
            assertThat(monitor.awaitSubscriptions("news.plain", n -> n == 1, Duration.ofSeconds(5))).isEqualTo(1);
            plain.publish("news.plain", "not { json".getBytes(StandardCharsets.UTF_8));
            assertThat(json(socket.next())).isEqualTo(json("{\"subject\": \"news.plain\", \"data\": \"not { json\"}"));
        }
    }

    @Test
    void eachSocketsSubscriptionIsItsOwnOnTheNatsServerAndGoesHoweverTheSocketCloses() throws Exception {
        String subject = "news.counted";
        WsClient normal = WsClient.actions(app);
        WsClient dropped = WsClient.actions(app);
        WsClient unsubscribing = WsClient.actions(app);
        try {
            for (WsClient socket : new WsClient[] {normal, dropped, unsubscribing}) {
                socket.ask("{\"action\": \"subscribe\", \"rpcs\": [\"" + subject + "\"]}");
            }
            assertThat(monitor.awaitSubscriptions(subject, n -> n == 3, Duration.ofSeconds(5))).isEqualTo(3);

            assertThat(json(unsubscribing.ask("{\"action\": \"unsubscribe\", \"rpcs\": [\"" + subject + "\"]}")))
                    .isEqualTo(json("{\"action\": \"unsubscribed\", \"rpcs\": [\"" + subject + "\"]}"));
            assertThat(monitor.awaitSubscriptions(subject, n -> n == 2, Duration.ofSeconds(5))).isEqualTo(2);

            normal.close();
            assertThat(monitor.awaitSubscriptions(subject, n -> n == 1, Duration.ofSeconds(5))).isEqualTo(1);

            dropped.abort();
            assertThat(monitor.awaitSubscriptions(subject, n -> n == 0, Duration.ofSeconds(5))).isEqualTo(0);

            plain.publish(subject, "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(unsubscribing.poll(QUIET)).isNull();
        } finally {
            Resources.closeAll(normal, dropped, unsubscribing);
        }
    }

    @Test
    void httpHelloWebsocketReachesEverySubscribedSocket() throws Exception {
        try (WsClient first = WsClient.actions(app); WsClient second = WsClient.actions(app)) {
            first.ask("{\"action\": \"subscribe\", \"rpcs\": [\"" + SUBJECT + "\"]}");
            second.ask("{\"action\": \"subscribe\", \"rpcs\": [\"" + SUBJECT + "\"]}");
            HttpResponse<String> answer = app.post("/websocket_test.hello_websocket", "application/json",
                    "[[\"websockets\"], {\"are\": \"awesome\"}]".getBytes(StandardCharsets.UTF_8), Map.of());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(json(answer.body())).isEqualTo(json("[[\"Look at your browser\"], {}]"));
            JsonNode event = json("{\"subject\": \"" + SUBJECT + "\", \"data\": [[\"websockets\"], {\"are\": \"awesome\"}]}");
            assertThat(json(first.next())).isEqualTo(event);
            assertThat(json(second.next())).isEqualTo(event);
        }
    }

    @Test
    void callAnswersAsTheHttpBridgeWould() throws Exception {
        try (WsClient socket = WsClient.actions(app)) {
            assertThat(json(socket.ask("{\"action\": \"call\", \"id\": 7, \"rpc\": \"greeting_service.hello\","
                    + " \"args\": [\"Bob\"], \"kwargs\": {\"last_name\": \"Ross\"}}")))
                    .isEqualTo(json("{\"id\": 7, \"result\": [[\"Hello, Bob Ross\"], {}]}"));
            JsonNode unknown = json(socket.ask("{\"action\": \"call\", \"id\": \"u\", \"rpc\": \"greeting_service.nope\"}"));
            assertThat(unknown.get("id").asText()).isEqualTo("u");
            assertThat(unknown.at("/error/status").asInt()).isEqualTo(404);
            assertThat(unknown.at("/error/message").asText()).isEqualTo("unknown rpc 'greeting_service.nope'");
            JsonNode forbidden = json(socket.ask("{\"action\": \"call\", \"id\": 1, \"rpc\": \"secret_service.x\"}"));
            assertThat(forbidden.at("/error/status").asInt()).isEqualTo(403);
            JsonNode refused = json(socket.ask("{\"action\": \"call\", \"id\": 2, \"rpc\": \"greeting_service.hello\"}"));
            assertThat(refused.at("/error/status").asInt()).isEqualTo(400);
            assertThat(refused.at("/error/message").asText()).contains("first_name");
            JsonNode malformed = json(socket.ask("{\"action\": \"call\", \"id\": 3, \"rpc\": \"a.b.c\"}"));
            assertThat(malformed.at("/error/status").asInt()).isEqualTo(400);
        }
    }

    @Test
    void callsOnOneSocketRunConcurrently() throws Exception {
        try (WsClient socket = WsClient.actions(app)) {
            socket.send("{\"action\": \"call\", \"id\": \"slow\", \"rpc\": \"greeting_service.hello_sleep\", \"args\": [\"Bob\"]}");
            socket.send("{\"action\": \"call\", \"id\": \"fast\", \"rpc\": \"greeting_service.hello\", \"args\": [\"Al\"]}");
            JsonNode firstAnswer = json(socket.next());
            assertThat(firstAnswer.get("id").asText()).isEqualTo("fast");
            assertThat(json(socket.next(Duration.ofSeconds(20))).get("id").asText()).isEqualTo("slow");
        }
    }

    @Test
    void subjectsOutsideTheAllowlistAreRefusedAndTheSocketStaysUsable() throws Exception {
        try (WsClient socket = WsClient.actions(app)) {
            JsonNode refused = json(socket.ask("{\"action\": \"subscribe\", \"rpcs\": [\"secret.x\"]}"));
            assertThat(refused.get("error").asBoolean()).isTrue();
            assertThat(refused.get("message").asText()).contains("secret.x").contains("not allowed");
            assertThat(json(socket.ask("{\"action\": \"subscribe\", \"rpcs\": [\"websocket_test.>\"]}"))
                    .get("message").asText()).contains("wildcard");
            assertThat(json(socket.ask("{\"action\": \"publish\", \"rpc\": \"$SYS.x\", \"data\": 1}"))
                    .get("error").asBoolean()).isTrue();
            assertThat(json(socket.ask("{\"action\": \"subscribe\", \"rpcs\": [\"news.ok\"]}")).get("action").asText())
                    .isEqualTo("subscribed");
        }
    }

    @Test
    void originsOutsideTheAllowlistGet403BeforeTheUpgrade() throws Exception {
        assertThatThrownBy(() -> WsClient.withOrigin(app, "http://evil.example")).hasStackTraceContaining("403");
        try (WsClient local = WsClient.withOrigin(app, "http://localhost:3000")) {
            assertThat(local.isClosed()).isFalse();
        }
        RawHttp.Response refused = RawHttp.exchange(app.uri("/").getPort(), ("GET /websocket HTTP/1.1\r\nHost: x\r\n"
                + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://evil.example\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII), out -> { }, 5000);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).isEqualTo("application/json");
        assertThat(json(refused.body()).get("error").asText()).contains("evil.example");
    }

    @Test
    void theDashboardsWebSocketRowQueriesOnlyMetricsAScrapeHasAndTheCountsMove() throws Exception {
        double framesIn = app.scrape().value("websocket_frames_total", "direction", "in");
        try (WsClient socket = WsClient.actions(app)) {
            socket.ask("{\"action\": \"subscribe\", \"rpcs\": [\"news.metrics\"]}");
            socket.ask("{\"action\": \"call\", \"id\": 1, \"rpc\": \"greeting_service.hello\", \"args\": [\"M\"]}");
            Scrape scrape = app.scrape();
            assertThat(scrape.value("websocket_frames_total", "direction", "in") - framesIn).isEqualTo(2);
            assertThat(scrape.value("websocket_sockets_open")).isGreaterThanOrEqualTo(1);
            assertThat(scrape.value("websocket_subscriptions")).isGreaterThanOrEqualTo(1);
            assertThat(scrape.value("websocket_calls_total", "protocol", "actions", "outcome", "result")).isGreaterThanOrEqualTo(1);
            Set<String> queried = Dashboard.read().queriedUnder(row -> row.startsWith("WebSocket"));
            assertThat(queried).contains("websocket_sockets_open", "websocket_calls_total");
            assertThat(scrape.names()).containsAll(queried);
        }
    }

    @Test
    void theOpenApiDocumentMentionsTheUpgradePathAndTheDemoPage() throws Exception {
        JsonNode document = json(app.get("/openapi.json").body());
        assertThat(document.at("/info/description").asText()).contains("GET /websocket").contains("wamp.2.json");
        JsonNode demo = document.at("/paths/~1websocket-demo~1/get");
        assertThat(demo.path("summary").asText()).contains("GET /websocket").contains("wamp.2.json");
        assertThat(demo.at("/responses/200/description").asText()).isEqualTo("The demo page");
    }

    @Test
    void aPlainGetIsAJson400() throws Exception {
        HttpResponse<String> answer = app.get("/websocket");
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(answer.body()).get("error").asText()).contains("WebSocket");
    }
}
