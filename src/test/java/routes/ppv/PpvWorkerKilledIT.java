package routes.ppv;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
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
import org.junit.jupiter.api.Test;

import routes.testing.JarProcess;
import routes.testing.NatsServerProcess;
import routes.testing.RabbitVhost;
import routes.testing.Resources;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ppv worker (target/gateway.jar, configured by environment only) killed with SIGKILL while billing holds its
 * order: the broker delivers the order again to the next worker, which does not send it to billing a second time
 * (the simulator's count says so) and keeps it for reconciliation; the next orders are served as usual.
 */
class PpvWorkerKilledIT {

    private static final String QUEUE = "test.ppv.killed";
    private static final String INVALID_QUEUE = "test.ppv.killed.invalid";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRedeliveredOrderIsNotSentToBillingTwice() throws Exception {
        NatsServerProcess nats = NatsServerProcess.start();
        RabbitVhost vhost = RabbitVhost.create("ppv-killed");
        WizardSimulator wizard = WizardSimulator.start(0).fault(WizardSimulator.Fault.SLOW).slowBy(Duration.ofSeconds(20));
        JarProcess first = null;
        JarProcess second = null;
        Connection client = vhost.connect();
        try {
            first = worker(nats, vhost, wizard);
            first.awaitReady(Duration.ofSeconds(60));
            byte[] frame = ("A016EV262193" + " ".repeat(14) + "\r").getBytes(StandardCharsets.US_ASCII);
            Channel channel = client.createChannel();
            String replyQueue = channel.queueDeclare("", false, true, false, Map.of()).getQueue();
            BlockingQueue<String> replies = new ArrayBlockingQueue<>(4);
            channel.basicConsume(replyQueue, true,
                    (tag, delivery) -> replies.add(new String(delivery.getBody(), StandardCharsets.UTF_8)), tag -> { });
            String correlationId = UUID.randomUUID().toString();
            channel.basicPublish("", QUEUE, new AMQP.BasicProperties.Builder().correlationId(correlationId)
                    .replyTo(replyQueue).timestamp(new Date()).contentType("application/json").build(),
                    "{'connid':'012703395c597610','EV':'262193'}".getBytes(StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (wizard.received(frame) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(wizard.received(frame)).as("billing holds the order").isEqualTo(1);

            first.kill();
            wizard.fault(WizardSimulator.Fault.NONE);
            second = worker(nats, vhost, wizard);
            second.awaitReady(Duration.ofSeconds(60));

            assertThat(replies.poll(30, TimeUnit.SECONDS)).as("the redelivered order's answer").isEqualTo("ER444");
            assertThat(wizard.received(frame)).as("sent to billing once").isEqualTo(1);
            JsonNode record = null;
            GetResponse got = channel.basicGet(INVALID_QUEUE, true);
            if (got != null) {
                record = JSON.readTree(got.getBody());
            }
            assertThat(record).as("kept for reconciliation").isNotNull();
            assertThat(record.path("reason").asText()).isEqualTo("redelivered");
            assertThat(record.path("correlation_id").asText()).isEqualTo(correlationId);

            byte[] next = ("A016EN85165320" + " ".repeat(12) + "\r").getBytes(StandardCharsets.US_ASCII);
            channel.basicPublish("", QUEUE, new AMQP.BasicProperties.Builder().correlationId(UUID.randomUUID().toString())
                    .replyTo(replyQueue).timestamp(new Date()).build(),
                    "{'connid':'012703395c597610','EN':'85165320'}".getBytes(StandardCharsets.UTF_8));
            assertThat(replies.poll(30, TimeUnit.SECONDS)).isEqualTo("OK\r");
            assertThat(wizard.received(next)).isEqualTo(1);
        } finally {
            Resources.closeAll(client, first, second, wizard, vhost, nats);
        }
    }

    private static JarProcess worker(NatsServerProcess nats, RabbitVhost vhost, WizardSimulator wizard) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("NATS_URL", nats.url());
        env.put("FLOWS", "ppv");
        env.put("ROLES", "worker");
        env.put("PPV_RABBITMQ_ADDRESSES", RabbitVhost.HOST + ":" + RabbitVhost.PORT);
        env.put("PPV_RABBITMQ_VHOST", vhost.name());
        env.put("PPV_RABBITMQ_USERNAME", RabbitVhost.USER);
        env.put("PPV_RABBITMQ_PASSWORD", RabbitVhost.PASSWORD);
        env.put("PPV_QUEUE", QUEUE);
        env.put("PPV_INVALID_QUEUE", INVALID_QUEUE);
        env.put("PPV_WIZARD_PORT", String.valueOf(wizard.port()));
        env.put("PPV_WIZARD_READ_TIMEOUT_MS", "25000");
        return JarProcess.start(env);
    }
}
