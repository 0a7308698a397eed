package routes.app;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import routes.observe.TcpProbe;
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
                Map.of("camel.main.profile", "dev", "app.flows", "football"));
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
    void anUnknownFlowIsRefusedByName() throws Exception {
        try (NatsServerProcess nats = NatsServerProcess.start()) {
            assertThatThrownBy(() -> GatewayApp.start(nats.url(), "gateway", Map.of("app.flows", "football,shop")).close())
                    .hasStackTraceContaining("unknown flow 'shop'").hasStackTraceContaining("football, ppv, rpc");
        }
    }

    @Test
    void aThreadSettingBelowOneIsRefusedAtStartUpByName() throws Exception {
        try (NatsServerProcess nats = NatsServerProcess.start()) {
            assertThatThrownBy(() -> GatewayApp.start(nats.url(), "pricer",
                    Map.of("camel.component.jetstream.timer-threads", "0")).close())
                    .hasStackTraceContaining("jetstream timerThreads must be at least 1, got 0");
            assertThatThrownBy(() -> GatewayApp.start(nats.url(), "gateway", Map.of("nats.reply-threads", "0")).close())
                    .hasStackTraceContaining("natsRequest replyThreads must be at least 1, got 0");
        }
    }

    /** The old role name pricer still means football's worker, and says so when football is not run. */
    @Test
    void pricerIsFootballsWorkerOnly() throws Exception {
        try (NatsServerProcess nats = NatsServerProcess.start()) {
            try (GatewayApp pricer = GatewayApp.start(nats.url(), "pricer", Map.of())) {
                assertThat(pricer.context().getRoute("football-pricer")).isNotNull();
                assertThat(pricer.context().getRoute("greeting_service.hello")).isNull();
                assertThat(pricer.context().getRoute("football-gateway")).isNull();
            }
            assertThatThrownBy(() -> GatewayApp.start(nats.url(), "pricer", Map.of("app.flows", "rpc")).close())
                    .hasStackTraceContaining("role 'pricer' means football.worker");
        }
    }

    @Test
    void flowsAndRolesPickTheRouteFiles() throws Exception {
        try (NatsServerProcess nats = NatsServerProcess.start();
             GatewayApp rpcGateway = GatewayApp.start(nats.url(), "gateway", Map.of("app.flows", "rpc"))) {
            assertThat(rpcGateway.context().getRoute("rpc-gateway")).isNotNull();
            assertThat(rpcGateway.context().getRoute("football-gateway")).isNull();
            assertThat(rpcGateway.context().getRoute("greeting_service.hello")).isNull();
            assertThat(rpcGateway.postJson(VALID).statusCode()).as("no football API here").isEqualTo(404);
        }
    }

    /** Dev profile without DB_URL: an embedded PostgreSQL for thing_service, stopped with the gateway. */
    @Test
    void devProfileStartsAnEmbeddedPostgresqlWhenNoDatabaseIsConfigured() throws Exception {
        int port;
        try (NatsServerProcess nats = NatsServerProcess.start();
             GatewayApp app = GatewayApp.start(nats.url(), "gateway,worker", Map.of("camel.main.profile", "dev",
                     "app.flows", "rpc", "db.url", ""))) {
            routes.jdbc.Database database = app.context().getRegistry().lookupByNameAndType("thingDatabase",
                    routes.jdbc.Database.class);
            port = java.net.URI.create(database.url().substring("jdbc:".length())).getPort();
            assertThat(listening(port)).as("embedded PostgreSQL on %d", port).isTrue();
            var created = app.post("/thing_service.create_thing", null, "{\"name\":\"dev\"}".getBytes(), Map.of());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        }
        assertThat(listening(port)).as("embedded PostgreSQL stopped with the gateway").isFalse();
    }

    @Test
    void devProfileStartsTheBillingSimulatorWhenNothingListensAndStopsItOnExit() throws Exception {
        int wizardPort = freePortOrFail();
        try (NatsServerProcess nats = NatsServerProcess.start();
             routes.testing.RabbitVhost vhost = routes.testing.RabbitVhost.create("bootstrap")) {
            Map<String, String> settings = new java.util.HashMap<>(vhost.settings());
            settings.putAll(Map.of("camel.main.profile", "dev", "app.flows", "ppv",
                    "ppv.wizard.port", String.valueOf(wizardPort)));
            try (GatewayApp app = GatewayApp.start(nats.url(), "gateway,worker", settings)) {
                assertThat(listening(wizardPort)).as("billing simulator on the configured port").isTrue();
                var answer = app.post("/api/v1/ppv", "application/json",
                        "{\"content\": {\"connid\": \"012703395c597610\", \"EV\": \"262193\"}}".getBytes(), Map.of());
                assertThat(answer.body()).isEqualTo("{\"callresult\":\"OK\"}");
            }
        }
        assertThat(listening(wizardPort)).as("billing simulator stopped with the gateway").isFalse();
    }

    @Test
    void devProfileStartsAnEmbeddedAmqpBrokerWhenNoRabbitMqAnswersAndOrdersGoThroughIt() throws Exception {
        int amqpPort = freePortOrFail();
        int wizardPort = freePortOrFail();
        try (NatsServerProcess nats = NatsServerProcess.start()) {
            try (GatewayApp app = GatewayApp.start(nats.url(), "gateway,worker", Map.of("camel.main.profile", "dev",
                    "app.flows", "ppv", "ppv.rabbitmq.addresses", "127.0.0.1:" + amqpPort,
                    "ppv.wizard.port", String.valueOf(wizardPort)))) {
                assertThat(listening(amqpPort)).as("embedded AMQP broker on the configured address").isTrue();
                assertThat(app.get("/observe/health/ready").statusCode()).isEqualTo(200);
                for (String step : List.of("\"EV\": \"262193\"", "\"EN\": \"42\"", "\"CONFIRM\": \"UP\"")) {
                    var answer = app.post("/api/v1/ppv", "application/json",
                            ("{\"content\": {\"connid\": \"012703395c597610\", " + step + "}}").getBytes(), Map.of());
                    assertThat(answer.body()).as(step).isEqualTo("{\"callresult\":\"OK\"}");
                }
                var invalid = app.post("/api/v1/ppv", "application/json",
                        "{\"content\": {\"connid\": \"xyz\", \"EV\": \"1\"}}".getBytes(), Map.of());
                assertThat(invalid.body()).isEqualTo("{\"callresult\":\"ER996\"}");
                assertThat(refusedByTheWorkerAndKept(amqpPort)).isEqualTo("ER998");
            }
        }
        assertThat(listening(amqpPort)).as("embedded AMQP broker stopped with the gateway").isFalse();
    }

    /** A message as an old client could publish it, which the worker refuses: its answer, once it is kept. */
    private static String refusedByTheWorkerAndKept(int amqpPort) throws Exception {
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setPort(amqpPort);
        try (com.rabbitmq.client.Connection connection = factory.newConnection()) {
            com.rabbitmq.client.Channel channel = connection.createChannel();
            String replies = channel.queueDeclare().getQueue();
            channel.basicPublish("", "prod.ppv.bs", new com.rabbitmq.client.AMQP.BasicProperties.Builder()
                    .correlationId("refused-1").replyTo(replies).timestamp(new java.util.Date()).build(),
                    "{'connid':'zz','EV':'1'}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
            com.rabbitmq.client.GetResponse answer = null;
            while (answer == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
                answer = channel.basicGet(replies, true);
            }
            assertThat(answer).as("the worker's answer").isNotNull();
            assertThat(answer.getProps().getCorrelationId()).isEqualTo("refused-1");
            com.rabbitmq.client.GetResponse kept = channel.basicGet("prod.ppv.bs.invalid", true);
            assertThat(kept).as("kept on the invalid queue").isNotNull();
            assertThat(new String(kept.getBody(), java.nio.charset.StandardCharsets.UTF_8)).contains("refused-1");
            return new String(answer.getBody(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void prodProfileNeverStartsTheBillingSimulator() throws Exception {
        int amqpPort = freePortOrFail();
        int wizardPort = freePortOrFail();
        try (NatsServerProcess nats = NatsServerProcess.start();
             GatewayApp app = GatewayApp.start(nats.url(), "gateway,worker", Map.of("app.flows", "ppv",
                     "ppv.rabbitmq.addresses", "127.0.0.1:" + amqpPort, "ppv.wizard.port", String.valueOf(wizardPort)))) {
            assertThat(listening(amqpPort)).isFalse();
            assertThat(listening(wizardPort)).isFalse();
            var answer = app.post("/api/v1/ppv", "application/json",
                    "{\"content\": {\"connid\": \"012703395c597610\", \"EV\": \"262193\"}}".getBytes(), Map.of());
            assertThat(answer.body()).isEqualTo("{\"callresult\":\"ER997\"}");
        }
    }

    @Test
    void prodProfileRefusesToRunThingServiceWithoutADatabase() throws Exception {
        try (NatsServerProcess nats = NatsServerProcess.start()) {
            assertThatThrownBy(() -> GatewayApp.start(nats.url(), "worker", Map.of("app.flows", "rpc", "db.url", ""))
                    .close()).hasStackTraceContaining("DB_URL is empty");
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
        return TcpProbe.answers("127.0.0.1", port, 300);
    }
}
