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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import routes.testing.GatewayApp;
import routes.testing.NatsMonitor;
import routes.testing.NodeScript;
import routes.testing.Resources;
import routes.testing.RpcStack;
import routes.testing.WsClient;

import static org.assertj.core.api.Assertions.assertThat;

/** A real third-party WAMP client (Autobahn|JS under Node.js, src/test/js/wamp-client.js) against the router. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AutobahnClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "websocket_test.autobahn";

    private RpcStack stack;
    private GatewayApp app;
    private NatsMonitor monitor;
    private Connection plain;

    @BeforeAll
    void start() throws Exception {
        stack = RpcStack.monitored(new HashMap<>());
        monitor = stack.monitor();
        app = stack.app();
        plain = Nats.connect(stack.nats().url());
    }

    @AfterAll
    void stop() throws Exception {
        Resources.closeAll(plain, stack);
    }

    @Test
    void autobahnConnectsSubscribesPublishesReceivesCallsAndSaysGoodbye() throws Exception {
        NodeScript.Run run = NodeScript.run("wamp-client.js", List.of(WsClient.ws(app).toString(), TOPIC), 30, line -> {
            if (line.contains("\"step\":\"ready\"")) {
                // another connection publishes: only once the server has the gateway's SUB is the event routed to it
                // (received_from_nats below fails if it never comes)
                try {
                    monitor.awaitSubscriptions(TOPIC + "_nats", n -> n == 1, Duration.ofSeconds(5));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                plain.publish(TOPIC + "_nats", "[[\"from nats\"], {\"k\": 2}]".getBytes(StandardCharsets.UTF_8));
            }
        });
        assertThat(run.exitCode()).as(run.lines() + run.errors()).isZero();
        Map<String, JsonNode> steps = new HashMap<>();
        for (String line : run.lines()) {
            JsonNode step = JSON.readTree(line);
            steps.put(step.get("step").asText(), step);
        }
        assertThat(steps.get("welcomed").get("roles")).isEqualTo(JSON.readTree("[\"broker\", \"dealer\"]"));
        assertThat(steps.get("received").get("args")).isEqualTo(JSON.readTree("[\"from autobahn\"]"));
        assertThat(steps.get("received").get("kwargs")).isEqualTo(JSON.readTree("{\"n\": 1}"));
        assertThat(steps.get("received").get("topic").asText()).isEqualTo(TOPIC);
        assertThat(steps.get("received_from_nats").get("args")).isEqualTo(JSON.readTree("[\"from nats\"]"));
        assertThat(steps.get("received_from_nats").get("kwargs")).isEqualTo(JSON.readTree("{\"k\": 2}"));
        assertThat(steps.get("called").get("result").asText()).isEqualTo("Hello, Bob Ross");
        assertThat(steps.get("call_refused").get("error").asText()).isEqualTo("wamp.error.no_such_procedure");
        assertThat(steps).containsKeys("subscribed", "published", "unsubscribed");
        assertThat(steps.get("closed").get("reason").asText()).isEqualTo("closed");
        assertThat(monitor.awaitSubscriptions(TOPIC + "_nats", n -> n == 0, Duration.ofSeconds(5)))
                .as("the session's subscriptions are gone after goodbye").isZero();
    }
}
