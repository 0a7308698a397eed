import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * The plain RabbitMQ request-reply ceiling ppv is measured against: the Java client, direct reply-to, one responder
 * answering "OK\r" at once, C requests outstanding (each reply sends the next). Prints one line:
 * CEILING rps=... p50_us=... p99_us=... requests=...
 * Run: java -cp target/gateway.jar bench/ppv/RabbitRpcCeiling.java HOST PORT VHOST USER PASSWORD C WARMUP_S DURATION_S
 */
public final class RabbitRpcCeiling {

    private static final String QUEUE = "bench.ppv.ceiling";
    private static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";

    public static void main(String[] args) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(args[0]);
        factory.setPort(Integer.parseInt(args[1]));
        factory.setVirtualHost(args[2]);
        factory.setUsername(args[3]);
        factory.setPassword(args[4]);
        int outstanding = Integer.parseInt(args[5]);
        long warmupS = Long.parseLong(args[6]);
        long durationS = Long.parseLong(args[7]);

        try (Connection responderConnection = factory.newConnection("ceiling-responder");
             Connection clientConnection = factory.newConnection("ceiling-client")) {
            Channel responder = responderConnection.createChannel();
            responder.queueDeclare(QUEUE, false, false, false, Map.of("x-message-ttl", 30000));
            byte[] ok = "OK\r".getBytes(StandardCharsets.US_ASCII);
            responder.basicConsume(QUEUE, true, (tag, delivery) -> responder.basicPublish("",
                    delivery.getProperties().getReplyTo(),
                    new AMQP.BasicProperties.Builder().correlationId(delivery.getProperties().getCorrelationId()).build(),
                    ok), tag -> { });

            Channel client = clientConnection.createChannel();
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            AtomicBoolean measuring = new AtomicBoolean();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong replies = new AtomicLong();
            long[][] latencies = {new long[1 << 22]};
            AtomicLong recorded = new AtomicLong();
            byte[] body = "{'connid':'012703395c597610','EV':'262193'}".getBytes(StandardCharsets.UTF_8);
            Runnable send = () -> {
                String id = UUID.randomUUID().toString();
                sentAt.put(id, System.nanoTime());
                try {
                    client.basicPublish("", QUEUE, new AMQP.BasicProperties.Builder().correlationId(id)
                            .replyTo(DIRECT_REPLY_TO).contentType("application/json").build(), body);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            client.basicConsume(DIRECT_REPLY_TO, true, (tag, delivery) -> {
                Long at = sentAt.remove(delivery.getProperties().getCorrelationId());
                if (at != null && measuring.get()) {
                    replies.incrementAndGet();
                    long index = recorded.getAndIncrement();
                    if (index < latencies[0].length) {
                        latencies[0][(int) index] = System.nanoTime() - at;
                    }
                }
                if (running.get()) {
                    send.run();
                }
            }, tag -> { });
            for (int i = 0; i < outstanding; i++) {
                send.run();
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(warmupS));
            measuring.set(true);
            long start = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(durationS));
            measuring.set(false);
            double seconds = (System.nanoTime() - start) / 1e9;
            running.set(false);
            long count = replies.get();
            long[] sorted = Arrays.copyOf(latencies[0], (int) Math.min(recorded.get(), latencies[0].length));
            Arrays.sort(sorted);
            System.out.printf("CEILING rps=%.1f p50_us=%d p99_us=%d requests=%d%n", count / seconds,
                    percentile(sorted, 50) / 1000, percentile(sorted, 99) / 1000, count);
            Thread.sleep(200);
            responder.queueDelete(QUEUE);
        }
    }

    private static long percentile(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
