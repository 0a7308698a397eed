package routes.http;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * One open WebSocket: everything written to it goes through {@link #send}, which counts the messages not yet handed
 * to the network and closes the socket (1008) once more than {@code maxPending} wait, instead of letting a slow
 * reader hold memory or the thread that writes to it. Closing, however it happens, runs the actions registered with
 * {@link #onClose} once (the bridge removes the socket's NATS subscriptions there).
 */
public final class Socket {

    /** RFC 6455 close codes the bridge uses. */
    public static final short POLICY_VIOLATION = 1008;
    public static final short GOING_AWAY = 1001;
    public static final short NORMAL = 1000;
    public static final short PROTOCOL_ERROR = 1002;
    public static final short MESSAGE_TOO_BIG = 1009;

    private static final Buffer PING = Buffer.buffer("ping");

    private final String key;
    private final ServerWebSocket webSocket;
    private final int maxPending;
    private final Sockets sockets;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Runnable> closeActions = new CopyOnWriteArrayList<>();
    private final AtomicReference<Object> state = new AtomicReference<>();
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile boolean pingUnanswered;

    Socket(String key, ServerWebSocket webSocket, int maxPending, Sockets sockets) {
        this.key = key;
        this.webSocket = webSocket;
        this.maxPending = maxPending;
        this.sockets = sockets;
        webSocket.pongHandler(pong -> heard());
    }

    public String key() {
        return key;
    }

    /** The subprotocol agreed in the handshake, or null when the client asked for none the server speaks. */
    public String subprotocol() {
        return webSocket.subProtocol();
    }

    public boolean isOpen() {
        return !closed.get();
    }

    /** What a protocol keeps for this socket (its subscriptions, its session); set once by whoever needs it. */
    @SuppressWarnings("unchecked")
    public <T> T state(Supplier<T> initial) {
        Object current = state.get();
        if (current == null) {
            state.compareAndSet(null, initial.get());
            current = state.get();
        }
        return (T) current;
    }

    /** Runs once when the socket closes, at once when it already has. */
    public void onClose(Runnable action) {
        closeActions.add(action);
        if (closed.get() && closeActions.remove(action)) {
            action.run();
        }
    }

    /**
     * Writes a text message unless the socket is closed; false when it was not written. The socket is closed with
     * 1008 when this message would be one more than {@code maxPending} waiting for the network.
     */
    public boolean send(String text) {
        if (closed.get()) {
            return false;
        }
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            if (close(POLICY_VIOLATION, "too slow: more than " + maxPending + " messages waiting")) {
                sockets.slowReaderClosed();
            }
            return false;
        }
        if (!sockets.reservePending(this)) {
            pending.decrementAndGet();
            return false;
        }
        sockets.frameOut();
        webSocket.writeTextMessage(text).onComplete(written -> {
            // once closed, the socket's messages were handed back to the budget all at once
            if (pending.decrementAndGet() >= 0) {
                sockets.releasePending(1);
            }
        });
        return true;
    }

    /** Messages written but not yet handed to the network. */
    public int pending() {
        return Math.max(0, pending.get());
    }

    /**
     * Sends the close frame and lets the socket go: nothing more is written, the close actions run now. False when
     * it was closed already (by another thread, the peer, or before).
     */
    public boolean close(short code, String reason) {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        releaseWaiting();
        runCloseActions();
        webSocket.close(code, reason);
        return true;
    }

    /** What still waits will be dropped with the connection: it no longer counts against the process's budget. */
    private void releaseWaiting() {
        int waiting = pending.getAndSet(Integer.MIN_VALUE / 2);
        if (waiting > 0) {
            sockets.releasePending(waiting);
        }
    }

    /** The peer sent something (a frame or a pong): it is alive. */
    void heard() {
        lastHeardNanos = System.nanoTime();
        pingUnanswered = false;
    }

    /**
     * A tick of the ping timer: a socket silent since the last tick is pinged; one whose ping of the last tick was
     * not answered is closed.
     */
    void tick(long intervalNanos) {
        if (closed.get()) {
            return;
        }
        if (pingUnanswered) {
            if (close(GOING_AWAY, "ping not answered")) {
                sockets.pingUnanswered();
            }
        } else if (System.nanoTime() - lastHeardNanos >= intervalNanos) {
            pingUnanswered = true;
            webSocket.writePing(PING);
        }
    }

    /** The connection is gone (closed by either side, or dropped). */
    void closedByPeer() {
        if (closed.compareAndSet(false, true)) {
            releaseWaiting();
            runCloseActions();
        }
    }

    private void runCloseActions() {
        for (Runnable action : closeActions) {
            if (closeActions.remove(action)) {
                action.run();
            }
        }
    }
}
