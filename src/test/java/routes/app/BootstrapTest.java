package routes.app;

import java.util.Map;

import org.junit.jupiter.api.Test;
import routes.nats.DevNatsServer;
import routes.testing.GatewayApp;
import routes.testing.NatsServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the process starts: roles, the dev profile's own nats-server, and clear failures. */
class BootstrapTest {

    private static final String VALID = "{\"game_id\":\"g\",\"home_expected\":1,\"away_expected\":1}";

    @Test
    void devProfileStartsALocalNatsServerWhenNoneAnswersAndStopsItOnExit() throws Exception {
        int natsPort = NatsServerProcess.freePort();
        GatewayApp app = GatewayApp.start("nats://127.0.0.1:" + natsPort, "gateway,pricer",
                Map.of("camel.main.profile", "dev"));
        try {
            assertThat(listening(natsPort)).as("dev nats-server on the configured port").isTrue();
            assertThat(app.postJson(VALID).statusCode()).isEqualTo(200);
            assertThat(app.postJson("{}").statusCode()).as("invalid records need its JetStream").isEqualTo(400);
        } finally {
            app.close();
        }
        assertThat(listening(natsPort)).as("dev nats-server stopped with the gateway").isFalse();
    }

    @Test
    void prodProfileNeverStartsANatsServerItWaitsForOne() throws Exception {
        int natsPort = freePortOrFail();
        try (GatewayApp app = GatewayApp.start("nats://127.0.0.1:" + natsPort, "gateway,pricer", Map.of())) {
            assertThat(app.get("/observe/health/ready").statusCode()).isEqualTo(503);
            assertThat(listening(natsPort)).isFalse();
        }
        assertThat(listening(natsPort)).isFalse();
    }

    @Test
    void anUnknownRoleIsRefusedByName() throws Exception {
        try (NatsServerProcess nats = NatsServerProcess.start()) {
            assertThatThrownBy(() -> GatewayApp.start(nats.url(), "gateway,pricr", Map.of()).close())
                    .hasStackTraceContaining("unknown role 'pricr'");
        }
    }

    @Test
    void rolesAreReadAsAList() {
        assertThat(FlowRoutes.names(" gateway , pricer,gateway ", "ROLES")).containsExactly("gateway", "pricer");
        assertThatThrownBy(() -> FlowRoutes.names(" , ", "ROLES")).hasMessageContaining("ROLES");
    }

    private static int freePortOrFail() {
        try {
            return NatsServerProcess.freePort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean listening(int port) {
        return DevNatsServer.listening("127.0.0.1", port, 300);
    }
}
