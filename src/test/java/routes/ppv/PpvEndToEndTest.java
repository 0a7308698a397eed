package routes.ppv;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import routes.testing.CapturedLogs;
import routes.testing.Dashboard;
import routes.testing.GatewayApp;
import routes.testing.Scrape;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ppv.md over real HTTP, the machine's RabbitMQ (a vhost of this class's own) and the billing-line simulator: the
 * gateway and the worker in one process, and plain RabbitMQ clients publishing as the old gateway did.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PpvEndToEndTest {

    static final String CONNID = "012703395c597610";
    static final String QUEUE = "test.ppv";
    static final String INVALID_QUEUE = "test.ppv.invalid";
    static final long READ_TIMEOUT_MS = 700;
    private static final ObjectMapper JSON = new ObjectMapper();

    private PpvStack stack;
    private WizardSimulator wizard;
    private GatewayApp app;
    private Connection client;

    @BeforeAll
    void start() throws Exception {
        stack = PpvStack.start("ppv-e2e", QUEUE, INVALID_QUEUE, Map.of(
                "ppv.wizard.read-timeout-ms", String.valueOf(READ_TIMEOUT_MS), "ppv.timeout-ms", "5000"));
        wizard = stack.wizard();
        app = stack.app();
        client = stack.client();
    }

    @AfterAll
    void stop() throws Exception {
        stack.close();
    }

    @BeforeEach
    void healthyWizard() {
        wizard.fault(WizardSimulator.Fault.NONE).status("OK").slowBy(Duration.ofMillis(5));
    }

    @Test
    void anObjectContentIsSentToBillingAsTheContractsFrameAndAnsweredOk() throws Exception {
        byte[] frame = ("A016EV262193" + " ".repeat(14) + "\r").getBytes(StandardCharsets.US_ASCII);
        int before = wizard.received(frame);
        HttpResponse<String> response = post("{\"content\": {\"connid\": \"" + CONNID + "\", \"EV\": \"262193\"}}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("{\"callresult\":\"OK\"}"));
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(wizard.received(frame)).isEqualTo(before + 1);
    }

    @Test
    void theOldClientsStringContentWorksOverGetToo() throws Exception {
        byte[] frame = ("A008EN85165320" + " ".repeat(12) + "\r").getBytes(StandardCharsets.US_ASCII);
        int before = wizard.received(frame);
        HttpResponse<String> response = app.send(java.net.http.HttpRequest.newBuilder(app.uri("/api/v1/ppv"))
                .header("Content-Type", "application/json")
                .method("GET", java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"content\": \"{'connid':'0128031c21578752','EN':'85165320'}\"}")));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(callresult(response)).isEqualTo("OK");
        assertThat(wizard.received(frame)).isEqualTo(before + 1);
    }

    @Test
    void aConfirmationIsTheUnpaddedUpFrame() throws Exception {
        byte[] frame = "A016UP\r".getBytes(StandardCharsets.US_ASCII);
        int before = wizard.received(frame);
        assertThat(callresult(post("{\"content\": {\"connid\": \"" + CONNID + "\", \"CONFIRM\": \"UP\"}}"))).isEqualTo("OK");
        assertThat(wizard.received(frame)).isEqualTo(before + 1);
    }

    @Test
    void theWizardsOwnStatusTextIsTheCallresultAndTheGatewaysLogLineSaysIt() throws Exception {
        wizard.status("NOCREDIT");
        try (CapturedLogs logs = CapturedLogs.capture()) {
            HttpResponse<String> response = app.post("/api/v1/ppv", "application/json",
                    ev("1569885").getBytes(StandardCharsets.UTF_8), Map.of("X-Request-Id", "ppv-log-1"));
            assertThat(callresult(response)).isEqualTo("NOCREDIT");
            assertThat(logs.containing("request ppv-log-1 ")).extracting(CapturedLogs.Line::message)
                    .anyMatch(line -> line.contains("answered 200 \"NOCREDIT\" in"));
        }
    }

    @Test
    void anInvalidStepIsAnsweredEr996AtOnceAndNeverReachesBilling() throws Exception {
        int before = wizard.frames();
        long started = System.nanoTime();
        HttpResponse<String> response = post("{\"content\": {\"connid\": \"xyz\", \"EV\": \"1\"}}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(callresult(response)).isEqualTo("ER996");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1000);
        assertThat(wizard.frames()).isEqualTo(before);
    }

    @Test
    void aSilentWizardIsEr444WithinTheReadTimeout() throws Exception {
        wizard.fault(WizardSimulator.Fault.SILENT);
        long started = System.nanoTime();
        assertThat(callresult(post(ev("11")))).isEqualTo("ER444");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(millis).isGreaterThanOrEqualTo(READ_TIMEOUT_MS - 50).isLessThan(READ_TIMEOUT_MS + 1500);
    }

    @Test
    void aWizardThatIsDownIsEr444AtOnceAndServingResumesWhenItIsBack() throws Exception {
        stack.wizardDown();
        try {
            long started = System.nanoTime();
            assertThat(callresult(post(ev("14")))).isEqualTo("ER444");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("connection refused: at once")
                    .isLessThan(READ_TIMEOUT_MS);
        } finally {
            wizard = stack.wizardBack();
        }
        assertThat(callresult(post(ev("15")))).isEqualTo("OK");
    }

    @Test
    void whatIsNoReplyFrameIsEr444() throws Exception {
        for (WizardSimulator.Fault fault : new WizardSimulator.Fault[] {WizardSimulator.Fault.CLOSES_EARLY,
                WizardSimulator.Fault.GARBAGE, WizardSimulator.Fault.WRONG_LINE}) {
            wizard.fault(fault);
            assertThat(callresult(post(ev("12")))).as(fault.name()).isEqualTo("ER444");
        }
    }

    @Test
    void aReplySplitAcrossPacketsIsReadUpToItsCr() throws Exception {
        wizard.fault(WizardSimulator.Fault.SPLIT).slowBy(Duration.ofMillis(30));
        assertThat(callresult(post(ev("13")))).isEqualTo("OK");
    }

    @Test
    void aMessageAsTheOldGatewayPublishedItGetsTheWizardsTextWithItsCorrelationId() throws Exception {
        byte[] frame = ("A016EV262193" + " ".repeat(14) + "\r").getBytes(StandardCharsets.US_ASCII);
        int before = wizard.received(frame);
        Reply reply = publishAsTheOldGateway("{'connid': '" + CONNID + "', 'EV': '262193'}", new Date());
        assertThat(reply.body()).isEqualTo("OK\r");
        assertThat(wizard.received(frame)).isEqualTo(before + 1);
    }

    @Test
    void aRefusedMessageIsAnsweredEr998AndKeptWithItsReason() throws Exception {
        int before = wizard.frames();
        Reply reply = publishAsTheOldGateway("None", new Date());
        assertThat(reply.body()).isEqualTo("ER998");
        assertThat(wizard.frames()).isEqualTo(before);
        JsonNode record = invalidRecordOf(reply.correlationId());
        assertThat(record.path("reason").asText()).isEqualTo("refused");
        assertThat(record.path("message").asText()).isEqualTo("None");
        assertThat(record.path("violations").isArray()).isTrue();
    }

    @Test
    void aMessageOlderThanItsTtlIsNotSentToBilling() throws Exception {
        int before = wizard.frames();
        Reply reply = publishAsTheOldGateway("{'connid':'" + CONNID + "','EV':'5'}",
                new Date(System.currentTimeMillis() - 31_000));
        assertThat(reply.body()).isEqualTo("ER995");
        assertThat(wizard.frames()).isEqualTo(before);
        assertThat(invalidRecordOf(reply.correlationId()).path("reason").asText()).isEqualTo("stale");
    }

    @Test
    void aSecondDeliveryOfTheSameCorrelationIdIsAnsweredWithoutBillingAgain() throws Exception {
        String correlationId = UUID.randomUUID().toString();
        byte[] frame = ("A016EV777" + " ".repeat(17) + "\r").getBytes(StandardCharsets.US_ASCII);
        int before = wizard.received(frame);
        String text = "{'connid':'" + CONNID + "','EV':'777'}";
        assertThat(publishAsTheOldGateway(text, new Date(), correlationId).body()).isEqualTo("OK\r");
        assertThat(publishAsTheOldGateway(text, new Date(), correlationId).body()).isEqualTo("OK\r");
        assertThat(wizard.received(frame)).isEqualTo(before + 1);
    }

    @Test
    void metricsCountOrdersByOutcomeOnBothSidesAndTheWizardsRoundTrips() throws Exception {
        Scrape before = app.scrape();
        assertThat(callresult(post(ev("21")))).isEqualTo("OK");
        assertThat(callresult(post("{\"content\": {}}"))).isEqualTo("ER996");
        publishAsTheOldGateway("None", new Date());
        publishAsTheOldGateway("{'connid':'" + CONNID + "','EV':'22'}", new Date(System.currentTimeMillis() - 60_000));
        wizard.fault(WizardSimulator.Fault.CLOSES_EARLY);
        assertThat(callresult(post(ev("23")))).isEqualTo("ER444");
        Scrape after = app.scrape();
        Map<String, Double> expected = Map.of(
                "gateway_outcomes_total|outcome|OK", 1.0,
                "gateway_outcomes_total|outcome|ER996", 1.0,
                "gateway_outcomes_total|outcome|ER444", 1.0,
                "worker_requests_total|outcome|answered", 1.0,
                "worker_requests_total|outcome|refused", 1.0,
                "worker_requests_total|outcome|stale", 1.0,
                "worker_requests_total|outcome|failed", 1.0,
                "worker_backend_duration_seconds_count|outcome|answered|backend|wizard", 1.0,
                "worker_backend_duration_seconds_count|outcome|failed|backend|wizard", 1.0);
        for (Map.Entry<String, Double> metric : expected.entrySet()) {
            String[] parts = metric.getKey().split("\\|");
            String[] labels = new String[parts.length + 1];
            labels[0] = "flow";
            labels[1] = "ppv";
            System.arraycopy(parts, 1, labels, 2, parts.length - 1);
            assertThat(after.value(parts[0], labels) - before.value(parts[0], labels)).as(metric.getKey())
                    .isEqualTo(metric.getValue());
        }
        assertThat(after.value("broker_connection_up", "connection", "ppv-gateway")).isEqualTo(1.0);
        assertThat(after.names()).contains("broker_connection_failovers_total");
        Set<String> queried = Dashboard.read().queriedUnder(row -> row.startsWith("Pay-per-view"));
        assertThat(queried).contains("gateway_outcomes_total", "worker_backend_duration_seconds_bucket",
                "broker_connection_up", "broker_connection_failovers_total");
        assertThat(after.names()).as("the dashboard's ppv row queries what a ppv process has").containsAll(queried);
    }

    @Test
    void theOpenApiDocumentDescribesThePpvPathWithBothMethods() throws Exception {
        HttpResponse<String> response = app.get("/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode path = JSON.readTree(response.body()).path("paths").path("/api/v1/ppv");
        assertThat(path.has("get")).isTrue();
        assertThat(path.has("post")).isTrue();
        assertThat(path.path("post").path("responses").path("200").path("description").asText())
                .contains("ER996", "ER998", "ER444", "ER995", "ER997", "strict");
    }

    record Reply(String correlationId, String body) {
    }

    private Reply publishAsTheOldGateway(String body, Date timestamp) throws Exception {
        return publishAsTheOldGateway(body, timestamp, UUID.randomUUID().toString());
    }

    /** Default exchange, routing key = the queue, the old properties, its own exclusive server-named reply queue. */
    private Reply publishAsTheOldGateway(String body, Date timestamp, String correlationId) throws Exception {
        try (Channel channel = client.createChannel()) {
            String replyQueue = channel.queueDeclare("", false, true, false, Map.of("x-message-ttl", 30000)).getQueue();
            BlockingQueue<Reply> replies = new ArrayBlockingQueue<>(1);
            channel.basicConsume(replyQueue, true, (tag, delivery) -> replies.add(new Reply(
                    delivery.getProperties().getCorrelationId(), new String(delivery.getBody(), StandardCharsets.UTF_8))),
                    tag -> { });
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
                    .contentEncoding("utf-8").correlationId(correlationId).messageId(UUID.randomUUID().toString())
                    .timestamp(timestamp).replyTo(replyQueue).build();
            channel.basicPublish("", QUEUE, properties, body.getBytes(StandardCharsets.UTF_8));
            Reply reply = replies.poll(10, TimeUnit.SECONDS);
            assertThat(reply).as("a reply to " + body).isNotNull();
            assertThat(reply.correlationId()).isEqualTo(correlationId);
            return reply;
        }
    }

    private JsonNode invalidRecordOf(String correlationId) throws Exception {
        try (Channel channel = client.createChannel()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                GetResponse got = channel.basicGet(INVALID_QUEUE, true);
                if (got == null) {
                    Thread.sleep(20);
                    continue;
                }
                JsonNode record = JSON.readTree(got.getBody());
                if (correlationId.equals(record.path("correlation_id").asText())) {
                    assertThat(got.getProps().getDeliveryMode()).as("persistent").isEqualTo(2);
                    return record;
                }
            }
        }
        throw new AssertionError("no record for " + correlationId + " on " + INVALID_QUEUE);
    }

    private static String ev(String value) {
        return "{\"content\": {\"connid\": \"" + CONNID + "\", \"EV\": \"" + value + "\"}}";
    }

    private HttpResponse<String> post(String body) throws Exception {
        return app.post("/api/v1/ppv", "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static String callresult(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("callresult").asText();
    }
}
