package routes.rpc;

import java.util.HashMap;
import java.util.Map;

import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import routes.testing.NatsMonitor;
import routes.testing.Resources;
import routes.testing.RpcStack;

/**
 * WS_MAX_PENDING_TOTAL: with no per-socket limit to speak of, the messages waiting over all sockets are bounded
 * anyway; the socket that stops reading is the one closed, the one that reads gets everything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketPendingBudgetTest {

    private RpcStack stack;
    private NatsMonitor monitor;
    private Connection plain;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("websocket.max-pending", "1000000");
        settings.put("websocket.max-pending-total", "1000");
        stack = RpcStack.monitored(settings);
        monitor = stack.monitor();
        plain = Nats.connect(stack.nats().url());
    }

    @AfterAll
    void stop() throws Exception {
        Resources.closeAll(plain, stack);
    }

    @Test
    void theProcessWideBudgetClosesTheSocketThatFallsBehind() throws Exception {
        WebSocketSlowReaderTest.floodPastASlowReader(stack.app(), monitor, plain);
    }
}
