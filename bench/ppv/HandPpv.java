import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

import routes.ppv.OrderStep;
import routes.ppv.OrderSteps;
import routes.ppv.WizardLine;

/**
 * ppv's whole path written by hand, for bench/ppv/run to measure the product against: a Vert.x HTTP server (one event
 * loop, as the product's) parses and checks the order step with the product's own OrderSteps, publishes it as the old
 * gateway did (default exchange, correlation id, direct reply-to, timestamp), and answers {"callresult": ...} when
 * the reply comes; a worker in the same process consumes the queue (manual acknowledgement), checks the message again,
 * sends the product's own frame to the billing simulator over a new TCP connection per order (Vert.x NetClient),
 * reads the reply frame up to its CR, replies to reply_to and acknowledges. No Camel, no Spring.
 * Run: java -cp target/gateway.jar bench/ppv/HandPpv.java HTTP_PORT AMQP_HOST AMQP_PORT VHOST USER PASSWORD QUEUE
 *      WIZARD_PORT PREFETCH
 */
public final class HandPpv {

    private static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";
    private static final WizardLine LINE = new WizardLine(1, 30);

    public static void main(String[] args) throws Exception {
        int httpPort = Integer.parseInt(args[0]);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(args[1]);
        factory.setPort(Integer.parseInt(args[2]));
        factory.setVirtualHost(args[3]);
        factory.setUsername(args[4]);
        factory.setPassword(args[5]);
        String queue = args[6];
        int wizardPort = Integer.parseInt(args[7]);
        int prefetch = Integer.parseInt(args[8]);

        Vertx vertx = Vertx.vertx();
        Connection gatewayConnection = factory.newConnection("hand-gateway");
        Connection workerConnection = factory.newConnection("hand-worker");
        Channel worker = workerConnection.createChannel();
        worker.queueDeclare(queue, false, false, false, Map.of("x-message-ttl", 30000));
        worker.basicQos(prefetch);
        NetClient wizard = vertx.createNetClient(new NetClientOptions().setConnectTimeout(2000));
        worker.basicConsume(queue, false, (tag, delivery) -> {
            long deliveryTag = delivery.getEnvelope().getDeliveryTag();
            AMQP.BasicProperties reply = new AMQP.BasicProperties.Builder()
                    .correlationId(delivery.getProperties().getCorrelationId()).build();
            String replyTo = delivery.getProperties().getReplyTo();
            OrderStep step;
            try {
                step = OrderSteps.fromMessage(new String(delivery.getBody(), StandardCharsets.UTF_8));
            } catch (OrderSteps.Invalid e) {
                answer(worker, replyTo, reply, "ER998", deliveryTag);
                return;
            }
            String line = LINE.line(step.connid());
            byte[] frame = LINE.request(step.connid(), step.kind(), step.value());
            wizard.connect(wizardPort, "127.0.0.1").onComplete(connected -> {
                if (connected.failed()) {
                    answer(worker, replyTo, reply, "ER444", deliveryTag);
                    return;
                }
                var socket = connected.result();
                Buffer read = Buffer.buffer();
                socket.handler(chunk -> {
                    read.appendBuffer(chunk);
                    String text = read.toString(StandardCharsets.US_ASCII);
                    int cr = text.indexOf('\r');
                    if (cr >= 0) {
                        socket.close();
                        String status = WizardLine.status(text.substring(0, cr), line);
                        answer(worker, replyTo, reply, status == null ? "ER444" : status + "\r", deliveryTag);
                    }
                });
                socket.write(Buffer.buffer(frame));
            });
        }, tag -> { });

        Channel gateway = gatewayConnection.createChannel();
        Map<String, HttpServerResponse> waiting = new ConcurrentHashMap<>();
        gateway.basicConsume(DIRECT_REPLY_TO, true, (tag, delivery) -> {
            HttpServerResponse response = waiting.remove(delivery.getProperties().getCorrelationId());
            if (response != null) {
                String text = new String(delivery.getBody(), StandardCharsets.UTF_8);
                int cr = text.indexOf('\r');
                response.putHeader("Content-Type", "application/json")
                        .end("{\"callresult\":\"" + (cr < 0 ? text : text.substring(0, cr)) + "\"}");
            }
        }, tag -> { });
        vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            OrderSteps.Received received;
            try {
                received = OrderSteps.receivedOverHttp(body.getBytes());
            } catch (OrderSteps.Invalid e) {
                request.response().putHeader("Content-Type", "application/json").end("{\"callresult\":\"ER996\"}");
                return;
            }
            String id = UUID.randomUUID().toString();
            waiting.put(id, request.response());
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().correlationId(id)
                    .replyTo(DIRECT_REPLY_TO).contentType("application/json").contentEncoding("utf-8")
                    .timestamp(new java.util.Date()).build();
            try {
                synchronized (gateway) {
                    gateway.basicPublish("", queue, properties, received.queueText().getBytes(StandardCharsets.UTF_8));
                }
            } catch (Exception e) {
                waiting.remove(id);
                request.response().putHeader("Content-Type", "application/json").end("{\"callresult\":\"ER997\"}");
            }
        })).listen(httpPort).toCompletionStage().toCompletableFuture().join();
        System.out.println("HAND listening on " + httpPort);
    }

    private static void answer(Channel worker, String replyTo, AMQP.BasicProperties reply, String text, long tag) {
        try {
            synchronized (worker) {
                worker.basicPublish("", replyTo, reply, text.getBytes(StandardCharsets.UTF_8));
                worker.basicAck(tag, false);
            }
        } catch (Exception e) {
            System.err.println("reply lost: " + e);
        }
    }
}
