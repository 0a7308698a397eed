import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * The WebSocket bridge's fan-out (issue 13): SOCKETS sockets subscribe to one subject, RATE messages a second are
 * published on NATS for SECONDS, each carrying its send time; every socket's deliveries are counted and timed
 * (publish to arrival, one clock: publisher and sockets are this JVM). One more socket subscribes and then never
 * reads: the gateway must close it (1008) without slowing the others. Prints one SUMMARY line.
 *   java -cp target/gateway.jar bench/websocket/WsFanout.java HOST PORT NATS_URL SOCKETS RATE SECONDS
 */
public final class WsFanout {

    private static final String SUBJECT = "websocket_test.fanout";
    private static final int MAX_MICROS = 10_000_000;

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String natsUrl = args[2];
        int sockets = Integer.parseInt(args[3]);
        int rate = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        int messages = rate * seconds;

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setMaxWebSockets(sockets + 1)
                .setMaxWebSocketFrameSize(1 << 20).setMaxWebSocketMessageSize(1 << 20));
        // latency histogram in microseconds (1 us buckets up to 10 s); counts per socket
        AtomicLongArray histogram = new AtomicLongArray(MAX_MICROS + 1);
        AtomicInteger[] received = new AtomicInteger[sockets];
        AtomicInteger outOfOrder = new AtomicInteger();
        CountDownLatch subscribed = new CountDownLatch(sockets);
        List<WebSocket> open = new ArrayList<>();
        for (int i = 0; i < sockets; i++) {
            int index = i;
            received[i] = new AtomicInteger();
            int[] last = {-1};
            WebSocket socket = client.webSocket(new WebSocketConnectOptions().setHost(host).setPort(port)
                    .setURI("/websocket")).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            socket.textMessageHandler(text -> {
                if (text.startsWith("{\"action\":\"subscribed\"")) {
                    subscribed.countDown();
                    return;
                }
                long now = System.nanoTime();
                int at = text.indexOf("\"t\":");
                int seqAt = text.indexOf("\"n\":");
                if (at < 0 || seqAt < 0) {
                    return;
                }
                long sent = Long.parseLong(text.substring(at + 4, text.indexOf(',', at)));
                int n = Integer.parseInt(text.substring(seqAt + 4, text.indexOf('}', seqAt)));
                if (n != last[0] + 1) {
                    outOfOrder.incrementAndGet();
                }
                last[0] = n;
                received[index].incrementAndGet();
                histogram.incrementAndGet((int) Math.min(MAX_MICROS, (now - sent) / 1000));
            });
            socket.writeTextMessage("{\"action\":\"subscribe\",\"rpcs\":[\"" + SUBJECT + "\"]}");
            open.add(socket);
        }
        if (!subscribed.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("not every socket subscribed: " + subscribed.getCount() + " missing");
        }
        Socket slow = slowReader(host, port);

        double slowBefore = slowReadersClosed(host, port);
        java.util.concurrent.atomic.AtomicLong published = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong slowClosedAt = new java.util.concurrent.atomic.AtomicLong(-1);
        Thread watcher = new Thread(() -> {
            while (slowClosedAt.get() < 0 && !Thread.currentThread().isInterrupted()) {
                if (slowReadersClosed(host, port) > slowBefore) {
                    slowClosedAt.set(published.get());
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.setDaemon(true);
        watcher.start();
        try (Connection nats = Nats.connect(natsUrl)) {
            long start = System.nanoTime();
            long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
            String filler = "x".repeat(64);
            for (int n = 0; n < messages; n++) {
                long due = start + n * periodNanos;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                nats.publish(SUBJECT, ("{\"t\":" + System.nanoTime() + ",\"f\":\"" + filler + "\",\"n\":" + n + "}")
                        .getBytes(StandardCharsets.UTF_8));
                published.set(n);
            }
            nats.flush(java.time.Duration.ofSeconds(10));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && Arrays.stream(received).mapToInt(AtomicInteger::get).min().orElse(0) < messages) {
            Thread.sleep(50);
        }
        boolean slowClosed = slowReadersClosed(host, port) > slowBefore;
        long total = 0;
        int complete = 0;
        int fewest = Integer.MAX_VALUE;
        for (AtomicInteger count : received) {
            total += count.get();
            fewest = Math.min(fewest, count.get());
            if (count.get() == messages) {
                complete++;
            }
        }
        System.out.printf("SUMMARY sockets=%d rate=%d seconds=%d expected=%d delivered=%d complete_sockets=%d fewest=%d "
                        + "out_of_order=%d p50_us=%d p99_us=%d p999_us=%d max_us=%d slow_closed=%s slow_closed_by_message=%d%n",
                sockets, rate, seconds, (long) messages * sockets, total, complete, fewest, outOfOrder.get(),
                percentile(histogram, total, 0.50), percentile(histogram, total, 0.99),
                percentile(histogram, total, 0.999), percentile(histogram, total, 1.0), slowClosed, slowClosedAt.get());
        open.forEach(WebSocket::close);
        slow.close();
        vertx.close();
    }

    /** A socket that subscribes and then never reads again, with a small receive buffer. */
    private static Socket slowReader(String host, int port) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(host, port), 5000);
        byte[] nonce = new byte[16];
        var out = socket.getOutputStream();
        out.write(("GET /websocket HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] payload = ("{\"action\":\"subscribe\",\"rpcs\":[\"" + SUBJECT + "\"]}").getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        // a zero mask leaves the payload as it is
        System.arraycopy(payload, 0, frame, 6, payload.length);
        out.write(frame);
        out.flush();
        return socket;
    }

    /** The gateway's count of slow readers it closed, from its metrics (the slow socket itself never reads). */
    private static double slowReadersClosed(String host, int port) {
        try {
            var http = java.net.http.HttpClient.newHttpClient();
            String text = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://" + host + ":" + port + "/observe/metrics"))
                    .timeout(java.time.Duration.ofSeconds(2)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            for (String line : text.split("\n")) {
                if (line.startsWith("websocket_closed_total{") && line.contains("reason=\"slow_reader\"")) {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return 0;
        } catch (Exception e) {
            return -1;
        }
    }

    private static long percentile(AtomicLongArray histogram, long total, double fraction) {
        long wanted = Math.max(1, (long) Math.ceil(total * fraction));
        long seen = 0;
        for (int us = 0; us <= MAX_MICROS; us++) {
            seen += histogram.get(us);
            if (seen >= wanted) {
                return us;
            }
        }
        return MAX_MICROS;
    }
}
