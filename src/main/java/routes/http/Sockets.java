package routes.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;

/**
 * The WebSockets open in this process, by connection key, with their meters: {@code websocket_sockets_open},
 * {@code websocket_frames_total{direction="in"|"out"}}, {@code websocket_closed_total{reason="slow_reader"|
 * "ping_unanswered"}}; {@code websocket_pending} (messages waiting for the network, all sockets). Each socket is pinged when idle for {@code pingIntervalMillis} and closed when its ping goes
 * unanswered for as long.
 */
public final class Sockets {

    private final Map<String, Socket> open = new ConcurrentHashMap<>();
    private final int maxSockets;
    private final int maxPending;
    private final int maxPendingTotal;
    private final java.util.concurrent.atomic.AtomicInteger pendingTotal = new java.util.concurrent.atomic.AtomicInteger();
    private final long pingIntervalMillis;
    private final Counter framesIn;
    private final Counter framesOut;
    private final Counter slowReaders;
    private final Counter pingsUnanswered;

    Sockets(MeterRegistry registry, int maxSockets, int maxPending, int maxPendingTotal, long pingIntervalMillis) {
        this.maxSockets = maxSockets;
        this.maxPending = maxPending;
        this.maxPendingTotal = maxPendingTotal;
        this.pingIntervalMillis = pingIntervalMillis;
        Gauge.builder("websocket.sockets.open", open, Map::size).description("WebSockets open now")
                .register(registry);
        Gauge.builder("websocket.pending", pendingTotal, java.util.concurrent.atomic.AtomicInteger::get)
                .description("Messages waiting to be written to WebSockets, all sockets").register(registry);
        framesIn = Counter.builder("websocket.frames").tag("direction", "in")
                .description("WebSocket messages received and sent").register(registry);
        framesOut = Counter.builder("websocket.frames").tag("direction", "out")
                .description("WebSocket messages received and sent").register(registry);
        slowReaders = Counter.builder("websocket.closed").tag("reason", "slow_reader")
                .description("WebSockets the server closed, by reason").register(registry);
        pingsUnanswered = Counter.builder("websocket.closed").tag("reason", "ping_unanswered")
                .description("WebSockets the server closed, by reason").register(registry);
    }

    /** The socket of that connection key, or null once it has closed. */
    public Socket get(String key) {
        return key == null ? null : open.get(key);
    }

    boolean isOpen(String key) {
        Socket socket = get(key);
        return socket != null && socket.isOpen();
    }

    /** Room for one more socket (checked before the upgrade). */
    boolean full() {
        return open.size() >= maxSockets;
    }

    Socket opened(String key, ServerWebSocket webSocket, Vertx vertx) {
        Socket socket = new Socket(key, webSocket, maxPending, this);
        open.put(key, socket);
        long timer = vertx.setPeriodic(pingIntervalMillis,
                tick -> socket.tick(TimeUnit.MILLISECONDS.toNanos(pingIntervalMillis)));
        socket.onClose(() -> {
            vertx.cancelTimer(timer);
            open.remove(key, socket);
        });
        return socket;
    }

    void closed(String key) {
        Socket socket = open.get(key);
        if (socket != null) {
            socket.closedByPeer();
        }
    }

    void frameIn(String key) {
        framesIn.increment();
        Socket socket = open.get(key);
        if (socket != null) {
            socket.heard();
        }
    }

    /**
     * One more message waiting for the network. When the process-wide budget is spent, the socket furthest behind is
     * closed as a slow reader (1008) and its waiting messages handed back, rather than the heap running out when
     * sockets fall behind; false when that socket is {@code asking} itself.
     */
    boolean reservePending(Socket asking) {
        if (pendingTotal.incrementAndGet() <= maxPendingTotal) {
            return true;
        }
        pendingTotal.decrementAndGet();
        Socket furthestBehind = asking;
        for (Socket socket : open.values()) {
            if (socket.isOpen() && socket.pending() > furthestBehind.pending()) {
                furthestBehind = socket;
            }
        }
        // two delivery threads over the budget at once may pick the same socket: it is counted by the one closing it
        if (furthestBehind.close(Socket.POLICY_VIOLATION, "too slow: the furthest behind of " + open.size()
                + " sockets when the server had " + maxPendingTotal + " messages waiting")) {
            slowReaderClosed();
        }
        if (furthestBehind == asking) {
            return false;
        }
        pendingTotal.incrementAndGet();
        return true;
    }

    void releasePending(int messages) {
        pendingTotal.addAndGet(-messages);
    }

    void frameOut() {
        framesOut.increment();
    }

    void slowReaderClosed() {
        slowReaders.increment();
    }

    void pingUnanswered() {
        pingsUnanswered.increment();
    }
}
