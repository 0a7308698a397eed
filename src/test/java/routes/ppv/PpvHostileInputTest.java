package routes.ppv;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import routes.testing.GatewayApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ppv's bad-input corpus (src/test/resources/hostile-ppv): every HTTP body answered with its code at once, every raw
 * queue message answered ER998 and kept with its reason on the invalid queue; nothing reaches billing, and the
 * worker still serves afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PpvHostileInputTest {

    private static final Path CORPUS = Path.of("src/test/resources/hostile-ppv");
    private static final String QUEUE = "test.ppv.hostile";
    private static final String INVALID_QUEUE = "test.ppv.hostile.invalid";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PpvStack stack;
    private WizardSimulator wizard;
    private GatewayApp app;
    private Connection client;

    @BeforeAll
    void start() throws Exception {
        stack = PpvStack.start("ppv-hostile", QUEUE, INVALID_QUEUE, Map.of("ppv.timeout-ms", "5000"));
        wizard = stack.wizard();
        app = stack.app();
        client = stack.client();
    }

    @AfterAll
    void stop() throws Exception {
        stack.close();
    }

    @Test
    void everyHttpCaseIsAnsweredWithItsCodeAndNothingReachesBilling() throws Exception {
        JsonNode cases = JSON.readTree(Files.readString(CORPUS.resolve("http.json")));
        assertThat(cases.size()).isGreaterThanOrEqualTo(60);
        int framesBefore = wizard.frames();
        for (JsonNode spec : cases) {
            String description = spec.path("description").asText();
            byte[] body = bytes(spec);
            HttpRequest.Builder request = HttpRequest.newBuilder(app.uri("/api/v1/ppv"))
                    .header("Content-Type", spec.path("content_type").asText())
                    .method(spec.path("method").asText(), HttpRequest.BodyPublishers.ofByteArray(body));
            long started = System.nanoTime();
            HttpResponse<String> response = app.send(request);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            JsonNode expect = spec.path("expect");
            assertThat(response.headers().firstValue("Content-Type")).as(description).hasValue("application/json");
            JsonNode answer = JSON.readTree(response.body());
            if (expect.has("callresult")) {
                assertThat(response.statusCode()).as(description).isEqualTo(200);
                assertThat(answer).as("%s: %s", description, response.body())
                        .isEqualTo(JSON.createObjectNode().put("callresult", expect.path("callresult").asText()));
                assertThat(millis).as("%s answered at once", description).isLessThan(2000);
            } else {
                assertThat(response.statusCode()).as("%s: %s", description, response.body())
                        .isEqualTo(expect.path("status").asInt());
                String error = answer.path("error").asText().toLowerCase(Locale.ROOT);
                for (JsonNode mention : expect.path("error_mentions")) {
                    assertThat(error).as(description).contains(mention.asText());
                }
            }
        }
        assertThat(wizard.frames()).as("frames sent to billing").isEqualTo(framesBefore);
        assertThat(validOrderIsOk()).isTrue();
    }

    @Test
    void everyRawQueueMessageIsAnsweredEr998AndKeptWithItsReason() throws Exception {
        JsonNode cases = JSON.readTree(Files.readString(CORPUS.resolve("queue.json")));
        assertThat(cases.size()).isGreaterThanOrEqualTo(25);
        int framesBefore = wizard.frames();
        Map<String, String> sentByCorrelationId = new HashMap<>();
        try (Channel channel = client.createChannel()) {
            String replyQueue = channel.queueDeclare("", false, true, false, Map.of()).getQueue();
            BlockingQueue<String[]> replies = new ArrayBlockingQueue<>(cases.size());
            channel.basicConsume(replyQueue, true, (tag, delivery) -> replies.add(new String[] {
                    delivery.getProperties().getCorrelationId(), new String(delivery.getBody(), StandardCharsets.UTF_8)}),
                    tag -> { });
            for (JsonNode spec : cases) {
                String correlationId = UUID.randomUUID().toString();
                sentByCorrelationId.put(correlationId, spec.path("description").asText());
                AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
                        .correlationId(correlationId).replyTo(replyQueue).timestamp(new java.util.Date()).build();
                channel.basicPublish("", QUEUE, properties, bytes(spec));
            }
            Set<String> answered = new HashSet<>();
            for (int i = 0; i < cases.size(); i++) {
                String[] reply = replies.poll(10, TimeUnit.SECONDS);
                assertThat(reply).as("replies so far: %s", answered.size()).isNotNull();
                assertThat(reply[1]).as(sentByCorrelationId.get(reply[0])).isEqualTo("ER998");
                answered.add(reply[0]);
            }
            assertThat(answered).isEqualTo(sentByCorrelationId.keySet());
        }
        assertThat(wizard.frames()).isEqualTo(framesBefore);
        List<JsonNode> records = new ArrayList<>();
        try (Channel channel = client.createChannel()) {
            GetResponse got;
            while ((got = channel.basicGet(INVALID_QUEUE, true)) != null) {
                records.add(JSON.readTree(got.getBody()));
            }
        }
        Set<String> kept = new HashSet<>();
        for (JsonNode record : records) {
            String id = record.path("correlation_id").asText();
            if (sentByCorrelationId.containsKey(id)) {
                assertThat(record.path("reason").asText()).isEqualTo("refused");
                assertThat(record.path("violations").size()).as(sentByCorrelationId.get(id)).isPositive();
                assertThat(kept.add(id)).as("one record for " + sentByCorrelationId.get(id)).isTrue();
            }
        }
        assertThat(kept).as("every refused message kept").isEqualTo(sentByCorrelationId.keySet());
        assertThat(validOrderIsOk()).as("the worker still serves").isTrue();
    }

    private boolean validOrderIsOk() throws Exception {
        HttpResponse<String> response = app.post("/api/v1/ppv", "application/json",
                "{\"content\": {\"connid\": \"0128031c21578752\", \"CONFIRM\": \"UP\"}}".getBytes(StandardCharsets.UTF_8),
                Map.of());
        return JSON.readTree(response.body()).path("callresult").asText().equals("OK");
    }

    private static byte[] bytes(JsonNode spec) {
        return spec.has("body_base64") ? Base64.getDecoder().decode(spec.path("body_base64").asText())
                : spec.path("body").asText().getBytes(StandardCharsets.UTF_8);
    }
}
