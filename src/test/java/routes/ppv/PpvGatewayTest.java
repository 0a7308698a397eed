package routes.ppv;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import routes.testing.CapturedLogs;
import routes.testing.GatewayApp;
import routes.testing.NatsServerProcess;
import routes.testing.RabbitVhost;
import routes.testing.Resources;
import routes.testing.TcpProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The new gateway with a worker written as the old one was (the plain RabbitMQ client: the queue declared with the
 * old flags, prefetch 1, manual acknowledgement after the reply), in both status modes, and RabbitMQ unreachable
 * (behind a test-owned proxy): at start-up and while running.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PpvGatewayTest {

    private static final String QUEUE = "test.ppv.gateway";
    private static final long TIMEOUT_MS = 800;
    private static final ObjectMapper JSON = new ObjectMapper();

    private NatsServerProcess nats;
    private RabbitVhost vhost;
    private TcpProxy broker;
    private GatewayApp legacy;
    private GatewayApp strict;
    private GatewayApp ownReplyQueue;
    private Connection oldWorkerConnection;
    private final BlockingQueue<Delivery> taken = new LinkedBlockingQueue<>();
    private volatile String oldWorkerAnswer = "OK\r";

    @BeforeAll
    void start() throws Exception {
        nats = NatsServerProcess.start();
        vhost = RabbitVhost.create("ppv-gateway");
        broker = TcpProxy.start(RabbitVhost.HOST, RabbitVhost.PORT);
        legacy = gateway(Map.of());
        strict = gateway(Map.of("ppv.http-status", "strict"));
        ownReplyQueue = gateway(Map.of("ppv.rabbitmq.replies", "reply-queue", "ppv.rabbitmq.connection-name", "ppv-own"));
        oldWorkerConnection = vhost.connect();
        Channel channel = oldWorkerConnection.createChannel();
        channel.queueDeclare(QUEUE, false, false, false, Map.of("x-message-ttl", 30000));
        channel.basicQos(1);
        channel.basicConsume(QUEUE, false, (tag, delivery) -> {
            taken.add(delivery);
            String answer = oldWorkerAnswer;
            if (answer != null) {
                AMQP.BasicProperties reply = new AMQP.BasicProperties.Builder()
                        .correlationId(delivery.getProperties().getCorrelationId())
                        .messageId(UUID.randomUUID().toString()).contentEncoding("utf-8").build();
                channel.basicPublish("", delivery.getProperties().getReplyTo(), reply,
                        answer.getBytes(StandardCharsets.UTF_8));
            }
            channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
        }, tag -> { });
    }

    private GatewayApp gateway(Map<String, String> more) throws Exception {
        Map<String, String> settings = new HashMap<>(vhost.settings("127.0.0.1:" + broker.port()));
        settings.put("app.flows", "ppv");
        settings.put("ppv.queue", QUEUE);
        settings.put("ppv.timeout-ms", String.valueOf(TIMEOUT_MS));
        settings.putAll(more);
        return GatewayApp.start(nats.url(), "gateway", settings);
    }

    @AfterAll
    void stop() throws Exception {
        Resources.closeAll(oldWorkerConnection, legacy, strict, ownReplyQueue, broker, vhost, nats);
    }

    @BeforeEach
    void reset() throws IOException {
        oldWorkerAnswer = "OK\r";
        broker.restore();
        taken.clear();
    }

    @Test
    void theOldWorkerGetsTheOldGatewaysMessageAndItsOkIsTheCallresult() throws Exception {
        HttpResponse<String> response = post(legacy, "{\"content\": {\"connid\": \"0128031c21578752\", \"EV\": \"123456\"}}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"callresult\":\"OK\"}");
        Delivery delivery = taken.poll(5, TimeUnit.SECONDS);
        assertThat(delivery).isNotNull();
        assertThat(new String(delivery.getBody(), StandardCharsets.UTF_8))
                .isEqualTo("{'connid':'0128031c21578752','EV':'123456'}");
        AMQP.BasicProperties properties = delivery.getProperties();
        assertThat(delivery.getEnvelope().getExchange()).isEmpty();
        assertThat(delivery.getEnvelope().getRoutingKey()).isEqualTo(QUEUE);
        assertThat(properties.getContentType()).isEqualTo("application/json");
        assertThat(properties.getContentEncoding()).isEqualTo("utf-8");
        assertThat(UUID.fromString(properties.getCorrelationId())).isNotNull();
        assertThat(properties.getReplyTo()).isNotBlank();
        assertThat(properties.getTimestamp()).isNotNull();
        assertThat(Math.abs(properties.getTimestamp().getTime() - System.currentTimeMillis())).isLessThan(10_000);
        assertThat(properties.getHeaders()).as("only X-Request-Id crosses the broker").containsOnlyKeys("X-Request-Id");
    }

    /** PPV_RABBITMQ_REPLIES=reply-queue (a broker without direct reply-to): the gateway's own exclusive queue. */
    @Test
    void withAReplyQueueTheOldWorkerAnswersToTheGatewaysOwnQueueAlsoAfterAReconnect() throws Exception {
        assertThat(post(ownReplyQueue, step()).body()).isEqualTo("{\"callresult\":\"OK\"}");
        String replyTo = taken.poll(5, TimeUnit.SECONDS).getProperties().getReplyTo();
        assertThat(replyTo).startsWith("ppv-own.replies.");
        // the broker closes the channel that asked
        Channel other = oldWorkerConnection.createChannel();
        assertThatThrownBy(() -> other.basicConsume(replyTo, true, (tag, delivery) -> { }, tag -> { }))
                .as("exclusive to the gateway's connection").hasStackTraceContaining("RESOURCE_LOCKED");

        broker.cut();
        assertThat(readinessWithin(ownReplyQueue, 503, 5_000)).isTrue();
        broker.restore();
        assertThat(firstOkWithin(ownReplyQueue, 10_000)).as("the queue declared again on the new connection").isTrue();
        taken.clear();
        assertThat(post(ownReplyQueue, step()).body()).isEqualTo("{\"callresult\":\"OK\"}");
        assertThat(taken.poll(5, TimeUnit.SECONDS).getProperties().getReplyTo()).isEqualTo(replyTo);
    }

    @Test
    void anUnknownRepliesModeStopsStartUpNamingTheSetting() {
        assertThatThrownBy(() -> gateway(Map.of("ppv.rabbitmq.replies", "fanout")).close())
                .hasStackTraceContaining("ppv.rabbitmq.replies (env PPV_RABBITMQ_REPLIES) is 'fanout'");
    }

    @Test
    void aStringContentIsPublishedAsReceived() throws Exception {
        String content = "{'connid':'0127032d64a94732','EV':'1569885'}";
        assertThat(callresult(post(legacy, "{\"content\": \"" + content + "\"}"))).isEqualTo("OK");
        assertThat(new String(taken.poll(5, TimeUnit.SECONDS).getBody(), StandardCharsets.UTF_8)).isEqualTo(content);
    }

    @Test
    void theWorkersCodesInBothStatusModes() throws Exception {
        Map<String, Integer> strictStatus = Map.of("OK\r", 200, "ER444", 502, "ER998", 400, "NOCREDIT\r", 200);
        for (Map.Entry<String, Integer> answer : strictStatus.entrySet()) {
            oldWorkerAnswer = answer.getKey();
            String code = answer.getKey().strip();
            HttpResponse<String> inLegacy = post(legacy, step());
            assertThat(inLegacy.statusCode()).as(code).isEqualTo(200);
            assertThat(callresult(inLegacy)).isEqualTo(code);
            HttpResponse<String> inStrict = post(strict, step());
            assertThat(inStrict.statusCode()).as(code).isEqualTo(answer.getValue());
            assertThat(callresult(inStrict)).isEqualTo(code);
        }
        HttpResponse<String> invalid = post(strict, "{\"content\": {\"connid\": \"0128031c21578752\"}}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(callresult(invalid)).isEqualTo("ER996");
    }

    @Test
    void noAnswerWithinTheTimeoutIsEr995() throws Exception {
        oldWorkerAnswer = null;
        long started = System.nanoTime();
        HttpResponse<String> inLegacy = post(legacy, step());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(inLegacy.statusCode()).isEqualTo(200);
        assertThat(callresult(inLegacy)).isEqualTo("ER995");
        assertThat(millis).isBetween(TIMEOUT_MS - 50, TIMEOUT_MS + 1000);
        HttpResponse<String> inStrict = post(strict, step());
        assertThat(inStrict.statusCode()).isEqualTo(504);
        assertThat(callresult(inStrict)).isEqualTo("ER995");
    }

    @Test
    void rabbitMqCutIsEr997AtOnceAndServingResumesByItself() throws Exception {
        assertThat(callresult(post(legacy, step()))).isEqualTo("OK");
        broker.cut();
        // a request sent while the connection is being lost is in flight (its answer may be ER995); once the
        // process has noticed (readiness), every answer is ER997 at once
        assertThat(readinessWithin(strict, 503, 5_000)).isTrue();
        assertThat(readinessWithin(legacy, 503, 5_000)).isTrue();
        long started = System.nanoTime();
        HttpResponse<String> down = post(strict, step());
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(TIMEOUT_MS);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(callresult(down)).isEqualTo("ER997");
        broker.restore();
        assertThat(firstOkWithin(legacy, 10_000)).isTrue();
        assertThat(readinessWithin(legacy, 200, 5_000)).isTrue();
    }

    @Test
    void startedWhileRabbitMqIsUnreachableItAnswersEr997ThenServesOnceItAppears() throws Exception {
        try (TcpProxy later = TcpProxy.start(RabbitVhost.HOST, RabbitVhost.PORT)) {
            later.cut();
            Map<String, String> settings = new HashMap<>(vhost.settings("127.0.0.1:" + later.port()));
            settings.put("app.flows", "ppv");
            settings.put("ppv.queue", QUEUE);
            settings.put("ppv.timeout-ms", String.valueOf(TIMEOUT_MS));
            try (GatewayApp app = GatewayApp.start(nats.url(), "gateway", settings)) {
                assertThat(app.get("/observe/health/live").statusCode()).isEqualTo(200);
                HttpResponse<String> ready = app.get("/observe/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("RabbitMQ not reachable");
                assertThat(callresult(post(app, step()))).isEqualTo("ER997");
                later.restore();
                assertThat(firstOkWithin(app, 10_000)).isTrue();
            }
        }
    }

    private static boolean readinessWithin(GatewayApp app, int status, long millis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            if (app.get("/observe/health/ready").statusCode() == status) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Test
    void theBrokerPasswordIsNeverLoggedNorShownAndAWrongOneIsNamedInReadiness() throws Exception {
        String password = "pw-" + UUID.randomUUID();
        Map<String, String> settings = new HashMap<>(vhost.settings());
        settings.put("app.flows", "ppv");
        settings.put("ppv.queue", QUEUE);
        settings.put("ppv.rabbitmq.password", password);
        try (CapturedLogs logs = CapturedLogs.capture();
             GatewayApp app = GatewayApp.start(nats.url(), "gateway,worker", settings)) {
            assertThat(callresult(post(app, step()))).isEqualTo("ER997");
            HttpResponse<String> ready = app.get("/observe/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("ACCESS_REFUSED").doesNotContain(password);
            assertThat(app.get("/observe/metrics").body()).doesNotContain(password);
            assertThat(app.get("/openapi.json").body()).doesNotContain(password);
            assertThat(logs.containing(password)).as("log lines with the password").isEmpty();
            assertThat(logs.containing("password hidden")).isNotEmpty();
        }
    }

    private boolean firstOkWithin(GatewayApp app, long millis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            if (callresult(post(app, step())).equals("OK")) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static String step() {
        return "{\"content\": {\"connid\": \"0128031c21578752\", \"EN\": \"85165320\"}}";
    }

    private static HttpResponse<String> post(GatewayApp app, String body) throws Exception {
        return app.post("/api/v1/ppv", "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static String callresult(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("callresult").asText();
    }
}
