package routes.rpc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import routes.testing.GatewayApp;
import routes.testing.NatsMonitor;
import routes.testing.RawHttp;
import routes.testing.RawWebSocket;
import routes.testing.Resources;
import routes.testing.RpcStack;
import routes.testing.WsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge's limits and liveness (websocket.md, common rules): sockets per process, subscriptions per socket,
 * frame size, pings, and a NATS outage under open sockets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SOCKETS = 4;
    private static final int PING_MS = 300;

    private RpcStack stack;
    private GatewayApp app;
    private NatsMonitor monitor;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("websocket.max-sockets", String.valueOf(MAX_SOCKETS));
        settings.put("websocket.max-subscriptions", "2");
        settings.put("websocket.max-frame-bytes", "1024");
        settings.put("websocket.ping-interval-ms", String.valueOf(PING_MS));
        stack = RpcStack.monitored(settings);
        monitor = stack.monitor();
        app = stack.app();
    }

    @AfterAll
    void stop() throws Exception {
        Resources.closeAll(stack);
    }

    @Test
    void onceTheProcessHoldsMaxSocketsTheNextUpgradeIs503() throws Exception {
        List<WsClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_SOCKETS; i++) {
                open.add(WsClient.actions(app));
            }
            RawHttp.Response refused = RawHttp.exchange(app.uri("/").getPort(), ("GET /websocket HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
                    out -> { }, 5000);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(JSON.readTree(refused.body()).get("error").asText()).contains("too many WebSockets");
            open.remove(0).close();
            open.add(awaitSocket());
        } finally {
            open.forEach(WsClient::close);
        }
    }

    private WsClient awaitSocket() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try {
                return WsClient.actions(app);
            } catch (Exception refused) {
                if (System.nanoTime() > deadline) {
                    throw refused;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void aSocketHoldsAtMostMaxSubscriptions() throws Exception {
        try (WsClient socket = WsClient.actions(app)) {
            socket.ask("{\"action\": \"subscribe\", \"rpcs\": [\"websocket_test.a\", \"websocket_test.b\"]}");
            String refused = socket.ask("{\"action\": \"subscribe\", \"rpcs\": [\"websocket_test.c\"]}");
            assertThat(JSON.readTree(refused).get("message").asText()).contains("at most 2 subscriptions");
            assertThat(socket.ask("{\"action\": \"subscribe\", \"rpcs\": [\"websocket_test.a\"]}"))
                    .as("one it holds already").contains("subscribed");
        }
    }

    @Test
    void aMessageOverTheFrameLimitClosesWith1009() throws Exception {
        try (WsClient socket = WsClient.actions(app)) {
            socket.send("{\"action\": \"publish\", \"rpc\": \"websocket_test.big\", \"data\": \"" + "x".repeat(1500) + "\"}");
            assertThat(socket.closeCode(Duration.ofSeconds(5))).isEqualTo(1009);
        }
    }

    @Test
    void idleSocketsArePingedAndThoseThatDoNotAnswerAreClosed() throws Exception {
        try (WsClient answering = WsClient.actions(app);
             RawWebSocket silent = RawWebSocket.open(app.uri("/").getPort(), "/websocket", 65536)) {
            answering.ask("{\"action\": \"subscribe\", \"rpcs\": [\"websocket_test.pinged\"]}");
            silent.sendText("{\"action\": \"subscribe\", \"rpcs\": [\"websocket_test.pinged\"]}");
            assertThat(monitor.awaitSubscriptions("websocket_test.pinged", n -> n == 2, Duration.ofSeconds(5))).isEqualTo(2);
            double before = app.scrape().value("websocket_closed_total", "reason", "ping_unanswered");

            assertThat(monitor.awaitSubscriptions("websocket_test.pinged", n -> n == 1, Duration.ofSeconds(5)))
                    .as("the socket that never answers a ping is closed, its subscription removed").isEqualTo(1);
            assertThat(app.scrape().value("websocket_closed_total", "reason", "ping_unanswered") - before).isEqualTo(1);
            Thread.sleep(4L * PING_MS);
            assertThat(answering.isClosed()).as("a socket that answers pings stays open however idle").isFalse();
            assertThat(answering.ask("{\"action\": \"unsubscribe\", \"rpcs\": [\"websocket_test.pinged\"]}"))
                    .contains("unsubscribed");
        }
    }

    @Test
    void throughANatsOutageSocketsStayOpenAreToldAndReceiveAgain() throws Exception {
        try (WsClient actions = WsClient.actions(app); WsClient wamp = WsClient.wamp(app)) {
            actions.ask("{\"action\": \"subscribe\", \"rpcs\": [\"websocket_test.outage\"]}");
            wamp.ask("[1, \"realm1\", {}]");
            wamp.ask("[32, 1, {}, \"websocket_test.outage\"]");

            stack.nats().stop();
            assertThat(JSON.readTree(actions.next())).isEqualTo(JSON.readTree("{\"action\": \"nats\", \"status\": \"disconnected\"}"));
            String unavailable = actions.ask("{\"action\": \"call\", \"id\": 1, \"rpc\": \"greeting_service.hello\", \"args\": [\"A\"]}");
            assertThat(JSON.readTree(unavailable).at("/error/status").asInt()).as(unavailable).isEqualTo(503);

            stack.nats().startAgain();
            assertThat(JSON.readTree(actions.next(Duration.ofSeconds(15))))
                    .isEqualTo(JSON.readTree("{\"action\": \"nats\", \"status\": \"reconnected\"}"));
            assertThat(monitor.awaitSubscriptions("websocket_test.outage", n -> n == 2, Duration.ofSeconds(10))).isEqualTo(2);
            try (Connection plain = Nats.connect(new Options.Builder().server(stack.nats().url()).build())) {
                plain.publish("websocket_test.outage", "[[\"back\"], {}]".getBytes(StandardCharsets.UTF_8));
                plain.flush(Duration.ofSeconds(2));
            }
            assertThat(JSON.readTree(actions.next()).get("data")).isEqualTo(JSON.readTree("[[\"back\"], {}]"));
            assertThat(JSON.readTree(wamp.next()).get(4)).isEqualTo(JSON.readTree("[\"back\"]"));
            assertThat(actions.isClosed()).isFalse();
            assertThat(wamp.isClosed()).isFalse();
        }
    }
}
