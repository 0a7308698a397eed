package routes.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import routes.testing.GatewayApp;
import routes.testing.Resources;
import routes.testing.RpcStack;
import routes.testing.WsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-frame corpus (src/test/resources/hostile-websocket): every malformed frame is answered, a JSON-action
 * socket stays usable after all of them, and a WAMP session is aborted as the WAMP specification requires.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketBadFramesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RpcStack stack;
    private GatewayApp app;

    record Case(String expected, String frame) {
    }

    @BeforeAll
    void start() throws Exception {
        stack = RpcStack.start(new HashMap<>());
        app = stack.app();
    }

    @AfterAll
    void stop() throws Exception {
        Resources.closeAll(stack);
    }

    static List<Case> corpus(String name) throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = WebSocketBadFramesTest.class.getResourceAsStream("/hostile-websocket/" + name)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                cases.add(new Case(line.substring(0, tab), line.substring(tab + 1)));
            }
        }
        return cases;
    }

    @Test
    void everyBadActionFrameIsAnsweredAndTheSocketStaysUsable() throws Exception {
        List<Case> cases = corpus("actions.tsv");
        assertThat(cases).hasSizeGreaterThanOrEqualTo(60);
        try (WsClient socket = WsClient.actions(app)) {
            for (Case bad : cases) {
                JsonNode answer = JSON.readTree(socket.ask(bad.frame()));
                assertThat(answer.get("error")).as(bad.frame()).isNotNull();
                assertThat(answer.get("error").asBoolean()).as(bad.frame()).isTrue();
                assertThat(answer.get("message").asText()).as(bad.frame()).contains(bad.expected());
            }
            JsonNode binary = JSON.readTree(socket.sendBinary(new byte[] {1, 2, 3}).next());
            assertThat(binary.get("message").asText()).contains("binary frames are not read");

            assertThat(socket.isClosed()).isFalse();
            assertThat(JSON.readTree(socket.ask("{\"action\": \"subscribe\", \"rpcs\": [\"websocket_test.after\"]}")))
                    .isEqualTo(JSON.readTree("{\"action\": \"subscribed\", \"rpcs\": [\"websocket_test.after\"]}"));
            socket.send("{\"action\": \"publish\", \"rpc\": \"websocket_test.after\", \"data\": \"still here\"}");
            assertThat(List.of(socket.next(), socket.next())).anySatisfy(frame ->
                    assertThat(frame).contains("still here"));
            assertThat(socket.poll(Duration.ofMillis(200))).as("every bad frame answered once").isNull();
        }
    }

    @Test
    void everyBadWampMessageAbortsTheSessionAsTheSpecificationRequires() throws Exception {
        List<Case> cases = new ArrayList<>();
        for (Case bad : corpus("wamp.tsv")) {
            try (WsClient socket = WsClient.wamp(app)) {
                assertThat(JSON.readTree(socket.ask("[1, \"realm1\", {}]")).get(0).asInt()).isEqualTo(2);
                assertAborted(socket, bad.frame(), bad.expected());
            }
            cases.add(bad);
        }
        for (Case bad : corpus("wamp-before-hello.tsv")) {
            try (WsClient socket = WsClient.wamp(app)) {
                assertAborted(socket, bad.frame(), bad.expected());
            }
            cases.add(bad);
        }
        try (WsClient socket = WsClient.wamp(app)) {
            socket.ask("[1, \"realm1\", {}]");
            JsonNode abort = JSON.readTree(socket.sendBinary(new byte[] {1}).next());
            assertThat(abort.get(2).asText()).isEqualTo("wamp.error.protocol_violation");
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
    }

    private static void assertAborted(WsClient socket, String frame, String expected) throws Exception {
        JsonNode abort = JSON.readTree(socket.ask(frame));
        assertThat(abort.get(0).asInt()).as(frame).isEqualTo(3);
        assertThat(abort.get(2).asText()).as(frame).isEqualTo("wamp.error.protocol_violation");
        assertThat(abort.at("/1/message").asText()).as(frame).contains(expected);
        assertThat(socket.closeCode(Duration.ofSeconds(5))).as(frame).isEqualTo(1002);
    }
}
