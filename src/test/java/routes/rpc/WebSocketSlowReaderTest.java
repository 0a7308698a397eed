package routes.rpc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import routes.testing.GatewayApp;
import routes.testing.NatsMonitor;
import routes.testing.RawWebSocket;
import routes.testing.Resources;
import routes.testing.RpcStack;
import routes.testing.WsClient;

import static org.assertj.core.api.Assertions.assertThat;

/** A socket that stops reading is closed once WS_MAX_PENDING messages wait for it; the others get everything. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketSlowReaderTest {

    private static final String SUBJECT = "websocket_test.flood";
    private static final int MESSAGES = 2000;
    private static final int MESSAGE_BYTES = 16 * 1024;

    private RpcStack stack;
    private GatewayApp app;
    private NatsMonitor monitor;
    private Connection plain;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("websocket.max-pending", "600");
        stack = RpcStack.monitored(settings);
        monitor = stack.monitor();
        app = stack.app();
        plain = Nats.connect(stack.nats().url());
    }

    @AfterAll
    void stop() throws Exception {
        Resources.closeAll(plain, stack);
    }

    @Test
    void theSlowReaderIsClosedAndTheOthersGetEveryMessage() throws Exception {
        floodPastASlowReader(app, monitor, plain);
    }

    /** A fast socket and a slow one on one subject, 2000 messages: the slow one is closed, the fast one gets all. */
    static void floodPastASlowReader(GatewayApp app, NatsMonitor monitor, Connection plain) throws Exception {
        try (WsClient fast = WsClient.actions(app);
             RawWebSocket slow = RawWebSocket.open(app.uri("/").getPort(), "/websocket", 4096)) {
            fast.ask("{\"action\": \"subscribe\", \"rpcs\": [\"" + SUBJECT + "\"]}");
            slow.sendText("{\"action\": \"subscribe\", \"rpcs\": [\"" + SUBJECT + "\"]}");
            assertThat(slow.readText()).contains("subscribed");
            assertThat(monitor.awaitSubscriptions(SUBJECT, n -> n == 2, Duration.ofSeconds(5))).isEqualTo(2);
            double closedBefore = app.scrape().value("websocket_closed_total", "reason", "slow_reader");

            String filler = "x".repeat(MESSAGE_BYTES);
            // paced (about 20 MB/s); a reader keeping up stays well under the limits of the two test classes (600 for
            // a socket, 1000 for all), even on a busy CI machine, where one fell 300 behind (about 250 ms); the
            // reader that stops holds 4 KiB and its kernel buffers, about 250 messages, and falls 1700 behind
            for (int i = 0; i < MESSAGES; i++) {
                plain.publish(SUBJECT, ("{\"n\": " + i + ", \"fill\": \"" + filler + "\"}").getBytes(StandardCharsets.UTF_8));
                if (i % 20 == 19) {
                    Thread.sleep(15);
                }
            }
            plain.flush(Duration.ofSeconds(10));

            for (int i = 0; i < MESSAGES; i++) {
                assertThat(fast.next(Duration.ofSeconds(10))).startsWith("{\"subject\":\"" + SUBJECT + "\",\"data\":{\"n\":" + i + ",");
            }
            assertThat(monitor.awaitSubscriptions(SUBJECT, n -> n == 1, Duration.ofSeconds(5)))
                    .as("the slow socket's subscription is gone").isEqualTo(1);
            assertThat(app.scrape().value("websocket_closed_total", "reason", "slow_reader") - closedBefore).isEqualTo(1);
            assertThat(fast.isClosed()).isFalse();
        }
    }
}
