package routes.rpc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import routes.testing.GatewayApp;
import routes.testing.NatsMonitor;
import routes.testing.Resources;
import routes.testing.RpcStack;
import routes.testing.WsClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Every WAMP message of websocket.md, through a real socket on wamp.2.json, a real nats-server and the services. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WampTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final Duration CLOSE = Duration.ofSeconds(5);

    private RpcStack stack;
    private GatewayApp app;
    private NatsMonitor monitor;
    private Connection plain;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("rpc.timeout-ms", "1500");
        settings.put("greeting.sleep-ms", "3000");
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

    /** A session past HELLO/WELCOME. */
    private WsClient session() throws Exception {
        WsClient socket = WsClient.wamp(app);
        JsonNode welcome = json(socket.ask("[1, \"realm1\", {\"roles\": {\"subscriber\": {}, \"publisher\": {}, \"caller\": {}}}]"));
        assertThat(welcome.get(0).asInt()).isEqualTo(2);
        return socket;
    }

    @Test
    void helloIsWelcomedWithASessionOfItsOwnAndTheRouterRoles() throws Exception {
        try (WsClient first = WsClient.wamp(app); WsClient second = WsClient.wamp(app)) {
            assertThat(first.subprotocol()).isEqualTo("wamp.2.json");
            JsonNode one = json(first.ask("[1, \"realm1\", {}]"));
            JsonNode two = json(second.ask("[1, \"realm1\", {}]"));
            assertThat(one.size()).isEqualTo(3);
            assertThat(one.get(0).asInt()).isEqualTo(2);
            assertThat(one.get(1).asLong()).isBetween(1L, 1L << 53);
            assertThat(one.get(2)).isEqualTo(json("{\"roles\": {\"broker\": {}, \"dealer\": {}}}"));
            assertThat(two.get(1).asLong()).isNotEqualTo(one.get(1).asLong());
        }
    }

    @Test
    void anotherRealmIsAborted() throws Exception {
        try (WsClient socket = WsClient.wamp(app)) {
            JsonNode abort = json(socket.ask("[1, \"elsewhere\", {}]"));
            assertThat(abort.get(0).asInt()).isEqualTo(3);
            assertThat(abort.get(2).asText()).isEqualTo("wamp.error.no_such_realm");
            assertThat(socket.closeCode(CLOSE)).isEqualTo(1000);
        }
    }

    @Test
    void anythingBeforeHelloAndASecondHelloAreProtocolViolations() throws Exception {
        try (WsClient socket = WsClient.wamp(app)) {
            JsonNode abort = json(socket.ask("[32, 1, {}, \"websocket_test.x\"]"));
            assertThat(abort.get(0).asInt()).isEqualTo(3);
            assertThat(abort.get(2).asText()).isEqualTo("wamp.error.protocol_violation");
            assertThat(abort.at("/1/message").asText()).contains("HELLO");
            assertThat(socket.closeCode(CLOSE)).isEqualTo(1002);
        }
        try (WsClient socket = session()) {
            JsonNode abort = json(socket.ask("[1, \"realm1\", {}]"));
            assertThat(abort.get(2).asText()).isEqualTo("wamp.error.protocol_violation");
            assertThat(socket.closeCode(CLOSE)).isEqualTo(1002);
        }
    }

    @Test
    void subscribeEventUnsubscribe() throws Exception {
        try (WsClient socket = session()) {
            JsonNode subscribed = json(socket.ask("[32, 1, {}, \"websocket_test.wamp\"]"));
            assertThat(subscribed.get(0).asInt()).isEqualTo(33);
            assertThat(subscribed.get(1).asInt()).isEqualTo(1);
            long subscription = subscribed.get(2).asLong();
            assertThat(json(socket.ask("[32, 2, {}, \"websocket_test.wamp\"]")).get(2).asLong())
                    .as("subscribing twice gives the same subscription").isEqualTo(subscription);
            // another connection publishes: only once the server has the gateway's SUB is the message routed to it
            assertThat(monitor.awaitSubscriptions("websocket_test.wamp", n -> n == 1, CLOSE)).isEqualTo(1);

            plain.publish("websocket_test.wamp", "[[\"a\", 1], {\"k\": true}]".getBytes(StandardCharsets.UTF_8));
            JsonNode event = json(socket.next());
            assertThat(event.get(0).asInt()).isEqualTo(36);
            assertThat(event.get(1).asLong()).isEqualTo(subscription);
            assertThat(event.get(2).asLong()).isBetween(1L, 1L << 53);
            assertThat(event.get(3)).isEqualTo(json("{\"topic\": \"websocket_test.wamp\"}"));
            assertThat(event.get(4)).isEqualTo(json("[\"a\", 1]"));
            assertThat(event.get(5)).isEqualTo(json("{\"k\": true}"));

            plain.publish("websocket_test.wamp", "{\"not\": \"args and kwargs\"}".getBytes(StandardCharsets.UTF_8));
            JsonNode wrapped = json(socket.next());
            assertThat(wrapped.get(4)).isEqualTo(json("[{\"not\": \"args and kwargs\"}]"));
            plain.publish("websocket_test.wamp", "plain text".getBytes(StandardCharsets.UTF_8));
            assertThat(json(socket.next()).get(4)).isEqualTo(json("[\"plain text\"]"));

            assertThat(json(socket.ask("[34, 3, " + subscription + "]"))).isEqualTo(json("[35, 3]"));
            assertThat(monitor.awaitSubscriptions("websocket_test.wamp", n -> n == 0, CLOSE)).isZero();
            plain.publish("websocket_test.wamp", "[[], {}]".getBytes(StandardCharsets.UTF_8));
            assertThat(socket.poll(QUIET)).isNull();

            JsonNode unknown = json(socket.ask("[34, 4, " + subscription + "]"));
            assertThat(unknown).isEqualTo(json("[8, 34, 4, {}, \"wamp.error.no_such_subscription\", [\"no subscription "
                    + subscription + " on this session\"]]"));
        }
    }

    @Test
    void publishGoesToNatsAsArgsAndKwargsAcknowledgedOnlyWhenAsked() throws Exception {
        try (WsClient publisher = session(); WsClient subscriber = session()) {
            json(publisher.ask("[32, 1, {}, \"websocket_test.pub\"]"));
            json(subscriber.ask("[32, 1, {}, \"websocket_test.pub\"]"));
            Subscription onNats = plain.subscribe("websocket_test.pub");
            plain.flush(Duration.ofSeconds(2));

            publisher.send("[16, 2, {}, \"websocket_test.pub\", [\"x\"], {\"y\": 1}]");
            assertThat(new String(onNats.nextMessage(Duration.ofSeconds(2)).getData(), StandardCharsets.UTF_8))
                    .isEqualTo("[[\"x\"],{\"y\":1}]");
            JsonNode event = json(subscriber.next());
            assertThat(event.get(4)).isEqualTo(json("[\"x\"]"));
            assertThat(publisher.poll(QUIET)).as("no PUBLISHED without acknowledge, no event for the publisher").isNull();

            JsonNode published = json(publisher.ask("[16, 3, {\"acknowledge\": true}, \"websocket_test.pub\"]"));
            assertThat(published.get(0).asInt()).isEqualTo(17);
            assertThat(published.get(1).asInt()).isEqualTo(3);
            assertThat(new String(onNats.nextMessage(Duration.ofSeconds(2)).getData(), StandardCharsets.UTF_8))
                    .isEqualTo("[[],{}]");
            subscriber.next();

            publisher.send("[16, 4, {\"exclude_me\": false}, \"websocket_test.pub\", [\"me too\"]]");
            assertThat(json(publisher.next()).get(4)).isEqualTo(json("[\"me too\"]"));
            assertThat(json(subscriber.next()).get(4)).isEqualTo(json("[\"me too\"]"));
        }
    }

    @Test
    void refusedSubscribeAndPublishAreErrorsAndTheSessionGoesOn() throws Exception {
        try (WsClient socket = session()) {
            assertThat(json(socket.ask("[32, 1, {}, \"secret.topic\"]")))
                    .isEqualTo(json("[8, 32, 1, {}, \"wamp.error.not_authorized\", [\"subscribing to 'secret.topic' is not allowed\"]]"));
            assertThat(json(socket.ask("[32, 2, {}, \"bad..topic\"]")).get(4).asText()).isEqualTo("wamp.error.invalid_uri");
            assertThat(json(socket.ask("[16, 3, {}, \"$SYS.x\"]")).get(4).asText()).isEqualTo("wamp.error.not_authorized");
            assertThat(json(socket.ask("[16, 4, {}, \"websocket_test.*\"]")).get(4).asText()).isEqualTo("wamp.error.invalid_uri");
            assertThat(json(socket.ask("[32, 5, {}, \"websocket_test.ok\"]")).get(0).asInt()).isEqualTo(33);
        }
    }

    @Test
    void callGoesThroughTheRpcBridge() throws Exception {
        try (WsClient socket = session()) {
            assertThat(json(socket.ask("[48, 1, {}, \"greeting_service.hello\", [\"Bob\"], {\"last_name\": \"Ross\"}]")))
                    .isEqualTo(json("[50, 1, {}, [\"Hello, Bob Ross\"], {}]"));
            assertThat(json(socket.ask("[48, 2, {}, \"greeting_service.hello\", [], {\"first_name\": \"Al\"}]")))
                    .isEqualTo(json("[50, 2, {}, [\"Hello, Al\"], {}]"));
            assertError(socket.ask("[48, 3, {}, \"greeting_service.nope\"]"), 3, "wamp.error.no_such_procedure");
            assertError(socket.ask("[48, 4, {}, \"secret_service.x\"]"), 4, "wamp.error.not_authorized");
            assertError(socket.ask("[48, 5, {}, \"greeting_service.hello\", [], {\"nobody\": 1}]"), 5,
                    "wamp.error.invalid_argument");
            assertError(socket.ask("[48, 6, {}, \"greeting_service.hello_sleep\"]"), 6, "wamp.error.canceled");
            assertError(socket.ask("[48, 7, {\"timeout\": 100}, \"greeting_service.hello_sleep\"]"), 7,
                    "wamp.error.canceled");
        }
    }

    @Test
    void callsOnOneSessionRunConcurrently() throws Exception {
        try (WsClient socket = session()) {
            socket.send("[48, 1, {\"timeout\": 1400}, \"greeting_service.hello_sleep\"]");
            socket.send("[48, 2, {}, \"greeting_service.hello\", [\"Al\"]]");
            assertThat(json(socket.next())).isEqualTo(json("[50, 2, {}, [\"Hello, Al\"], {}]"));
            assertError(socket.next(), 1, "wamp.error.canceled");
        }
    }

    @Test
    void goodbyeIsAnsweredThenTheSocketClosesAndItsSubscriptionsGo() throws Exception {
        try (WsClient socket = session()) {
            socket.ask("[32, 1, {}, \"websocket_test.bye\"]");
            assertThat(monitor.awaitSubscriptions("websocket_test.bye", n -> n == 1, CLOSE)).isEqualTo(1);
            assertThat(json(socket.ask("[6, {}, \"wamp.close.close_realm\"]")))
                    .isEqualTo(json("[6, {}, \"wamp.close.goodbye_and_out\"]"));
            assertThat(socket.closeCode(CLOSE)).isEqualTo(1000);
            assertThat(monitor.awaitSubscriptions("websocket_test.bye", n -> n == 0, CLOSE)).isZero();
        }
    }

    @Test
    void registerIsRefusedProceduresLiveOnNats() throws Exception {
        try (WsClient socket = session()) {
            JsonNode error = json(socket.ask("[64, 1, {}, \"my.procedure\"]"));
            assertThat(List.of(error.get(0).asInt(), error.get(1).asInt(), error.get(2).asInt())).containsExactly(8, 64, 1);
            assertThat(error.get(4).asText()).isEqualTo("wamp.error.not_authorized");
        }
    }

    private static void assertError(String frame, int request, String uri) throws Exception {
        JsonNode error = json(frame);
        assertThat(error.size()).isEqualTo(6);
        assertThat(List.of(error.get(0).asInt(), error.get(1).asInt(), error.get(2).asInt()))
                .containsExactly(8, 48, request);
        assertThat(error.get(3)).isEqualTo(json("{}"));
        assertThat(error.get(4).asText()).isEqualTo(uri);
        assertThat(error.get(5).size()).isEqualTo(1);
        assertThat(error.get(5).get(0).asText()).isNotBlank();
    }
}
