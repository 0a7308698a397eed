package routes.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client for tests (the JDK's): every text message received is queued whole, in order; the close code
 * and reason are kept. It answers pings (the JDK client does that itself).
 */
public final class WsClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile String closeReason;
    private final WebSocket socket;

    private WsClient(URI uri, String subprotocol, String origin) throws Exception {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (subprotocol != null) {
            builder.subprotocols(subprotocol);
        }
        if (origin != null) {
            builder.header("Origin", origin);
        }
        socket = builder.buildAsync(uri, new Listener()).get(10, TimeUnit.SECONDS);
    }

    /** A socket to {@code ws://.../websocket} without a subprotocol (JSON actions). */
    public static WsClient actions(GatewayApp app) throws Exception {
        return new WsClient(ws(app), null, null);
    }

    /** A socket speaking wamp.2.json. */
    public static WsClient wamp(GatewayApp app) throws Exception {
        return new WsClient(ws(app), "wamp.2.json", null);
    }

    public static WsClient withOrigin(GatewayApp app, String origin) throws Exception {
        return new WsClient(ws(app), null, origin);
    }

    public static URI ws(GatewayApp app) {
        return URI.create(app.uri("/websocket").toString().replaceFirst("^http", "ws"));
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public WsClient send(String text) throws Exception {
        socket.sendText(text, true).get(5, TimeUnit.SECONDS);
        return this;
    }

    /** The next message, failing when none comes within 5 s. */
    public String next() throws InterruptedException {
        return next(Duration.ofSeconds(5));
    }

    public String next(Duration within) throws InterruptedException {
        String message = received.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no message within " + within + (closed.isDone() ? "; closed " + closed.join() + " "
                    + closeReason : ""));
        }
        return message;
    }

    public WsClient sendBinary(byte[] data) throws Exception {
        socket.sendBinary(java.nio.ByteBuffer.wrap(data), true).get(5, TimeUnit.SECONDS);
        return this;
    }

    /** Sends and returns the next message. */
    public String ask(String text) throws Exception {
        send(text);
        return next();
    }

    /** Null when nothing comes within {@code within}. */
    public String poll(Duration within) throws InterruptedException {
        return received.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    public List<String> drain() {
        List<String> all = new ArrayList<>();
        received.drainTo(all);
        return all;
    }

    /** The close code the server sent, waiting up to {@code within}; -1 when the connection ended without one. */
    public int closeCode(Duration within) throws Exception {
        return closed.get(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    public String closeReason() {
        return closeReason;
    }

    /** Drops the TCP connection without a close frame. */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = reason;
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeReason = String.valueOf(error);
            closed.complete(-1);
        }
    }
}
