package routes.rpc;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.micrometer.core.instrument.Gauge;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import routes.http.Socket;
import routes.http.WebSocketComponent;
import routes.nats.SharedConnection;
import routes.observe.AtLeastOne;
import routes.observe.FlowMetrics;

/**
 * The WebSocket bridge's NATS side, shared by both protocols: each socket's subscriptions are subscriptions of its
 * own on the process's NATS connection (so the NATS server counts them, and removing one touches no other socket),
 * spread over {@code dispatchers} delivery threads; every one is removed when its socket closes, however it closes.
 * A message is written to its socket without waiting (a slow socket is closed by {@link Socket#send}, never waited
 * for). Meters: {@code websocket_subscriptions} (now), {@code websocket_publishes_total}.
 */
public final class WebSocketBridge implements CamelContextAware {

    /** Exchange properties the frame routes use. */
    public static final String PROTOCOL = "wsProtocol";
    public static final String CLOSE_CODE = "wsCloseCode";
    public static final String CLOSE_REASON = "wsCloseReason";
    /** What the routes choose on: the socket speaks WAMP, JSON actions, or has closed already. */
    public static final String WAMP = "wamp";
    public static final String ACTIONS = "actions";
    public static final String CLOSED = "closed";
    /** The NATS header a WAMP publisher's own socket recognises its events by (exclude_me). */
    static final String PUBLISHER = "Ws-Publisher";

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketBridge.class);

    private CamelContext context;
    private SocketSubjects subscribable = SocketSubjects.allowing("");
    private SocketSubjects publishable = SocketSubjects.allowing("");
    private int maxSubscriptions = 100;
    private int dispatcherCount = 2;
    private volatile Dispatcher[] dispatchers;
    private final AtomicLong nextSocket = new AtomicLong();
    private final AtomicLong nextSubscription = new AtomicLong();
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final Set<BridgeSocket> sockets = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicReference<String> natsStatus =
            new java.util.concurrent.atomic.AtomicReference<>("reconnected");

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    /** WS_SUBSCRIBE_ALLOW */
    public void setSubscribeAllow(String patterns) {
        this.subscribable = SocketSubjects.allowing(patterns);
    }

    /** WS_PUBLISH_ALLOW */
    public void setPublishAllow(String patterns) {
        this.publishable = SocketSubjects.allowing(patterns);
    }

    /** WS_MAX_SUBSCRIPTIONS: per socket. */
    public void setMaxSubscriptions(int maxSubscriptions) {
        this.maxSubscriptions = (int) AtLeastOne.check("webSocketBridge maxSubscriptions", maxSubscriptions);
    }

    /** WS_DISPATCHERS: threads delivering NATS messages to sockets. */
    public void setDispatchers(int dispatchers) {
        this.dispatcherCount = (int) AtLeastOne.check("webSocketBridge dispatchers", dispatchers);
    }

    SocketSubjects subscribable() {
        return subscribable;
    }

    SocketSubjects publishable() {
        return publishable;
    }

    /** The first step for every frame: which protocol the socket speaks, or that it has closed meanwhile. */
    public void read(Exchange exchange) {
        Socket socket = WebSocketComponent.socketOf(exchange);
        if (socket == null || !socket.isOpen()) {
            exchange.setProperty(PROTOCOL, CLOSED);
            return;
        }
        exchange.setProperty(WebSocketComponent.SOCKET_KEY, socket.key());
        exchange.setProperty(PROTOCOL, speaksWamp(socket) ? WAMP : ACTIONS);
    }

    private static boolean speaksWamp(Socket socket) {
        return WampMessages.SUBPROTOCOL.equals(socket.subprotocol());
    }

    /** The last step for every frame: the body (a String), if any, goes to the socket; then it closes if asked. */
    public void send(Exchange exchange) {
        Socket socket = WebSocketComponent.socketOf(exchange);
        if (socket == null) {
            return;
        }
        Object body = exchange.getMessage().getBody();
        if (body instanceof String text) {
            socket.send(text);
        }
        Short code = exchange.getProperty(CLOSE_CODE, Short.class);
        if (code != null) {
            socket.close(code, exchange.getProperty(CLOSE_REASON, "", String.class));
        }
    }

    /** A socket opened: it is tracked from now on (told about NATS outages, its subscriptions removed on close). */
    public void opened(Exchange exchange) {
        of(exchange);
    }

    /** The bridge's state of the exchange's socket. */
    BridgeSocket of(Exchange exchange) {
        Socket socket = WebSocketComponent.socketOf(exchange);
        if (socket == null) {
            throw new FrameRefused(FrameRefused.UNAVAILABLE, "the socket has closed");
        }
        return socket.state(() -> track(socket));
    }

    private BridgeSocket track(Socket socket) {
        Dispatcher[] all = dispatchers();
        BridgeSocket bridged = new BridgeSocket(socket,
                all[(int) Math.floorMod(nextSocket.getAndIncrement(), (long) all.length)]);
        sockets.add(bridged);
        socket.onClose(() -> {
            sockets.remove(bridged);
            for (BridgeSocket.Entry entry : bridged.closeAll()) {
                unsubscribe(bridged, entry);
            }
        });
        return bridged;
    }

    /**
     * The socket's subscription to a subject, made now unless it has one (subscribing twice gives the same one).
     * {@code frame} renders each message for this socket; messages a WAMP publisher sent from this very socket with
     * exclude_me are not delivered back to it.
     */
    BridgeSocket.Entry subscribe(BridgeSocket socket, String subject, Function<Long, Function<Message, String>> frame) {
        BridgeSocket.Entry existing = socket.bySubject(subject);
        if (existing != null) {
            return existing;
        }
        if (socket.size() >= maxSubscriptions) {
            throw new FrameRefused(FrameRefused.NOT_AUTHORIZED, "a socket may hold at most " + maxSubscriptions
                    + " subscriptions (WS_MAX_SUBSCRIPTIONS)");
        }
        long id = nextSubscription.incrementAndGet();
        Function<Message, String> render = frame.apply(id);
        String self = socket.socket.key();
        BridgeSocket.Entry entry;
        try {
            entry = new BridgeSocket.Entry(id, subject, socket.dispatcher.subscribe(subject, message -> {
                Headers headers = message.getHeaders();
                if (headers == null || !self.equals(headers.getFirst(PUBLISHER))) {
                    socket.socket.send(render.apply(message));
                }
            }));
        } catch (IllegalStateException e) {
            throw new FrameRefused(FrameRefused.UNAVAILABLE, "NATS is unavailable: " + e.getMessage());
        }
        if (!socket.add(entry)) {
            unsubscribe(socket, entry);
            throw new FrameRefused(FrameRefused.UNAVAILABLE, "the socket has closed");
        }
        subscriptions.incrementAndGet();
        return entry;
    }

    /** Removes the socket's subscription to the subject; false when it had none. */
    boolean unsubscribe(BridgeSocket socket, String subject) {
        BridgeSocket.Entry entry = socket.remove(subject);
        if (entry == null) {
            return false;
        }
        unsubscribe(socket, entry);
        return true;
    }

    private void unsubscribe(BridgeSocket socket, BridgeSocket.Entry entry) {
        subscriptions.decrementAndGet();
        try {
            socket.dispatcher.unsubscribe(entry.subscription());
        } catch (IllegalStateException e) {
            // the connection or dispatcher is closed: the server has dropped the subscription with it
            LOG.debug("subscription to {} already gone: {}", entry.subject(), e.getMessage());
        }
    }

    /** Publishes on NATS; {@code excludeSocket}: the socket that must not get it back (WAMP exclude_me), or null. */
    void publish(String subject, byte[] data, String excludeSocket) {
        Connection connection = SharedConnection.of(context);
        try {
            if (excludeSocket == null) {
                connection.publish(subject, data);
            } else {
                connection.publish(subject, new Headers().put(PUBLISHER, excludeSocket), data);
            }
        } catch (IllegalStateException e) {
            throw new FrameRefused(FrameRefused.UNAVAILABLE, "NATS is unavailable: " + e.getMessage());
        }
    }

    private Dispatcher[] dispatchers() {
        Dispatcher[] made = dispatchers;
        if (made == null) {
            synchronized (this) {
                made = dispatchers;
                if (made == null) {
                    made = start();
                    dispatchers = made;
                }
            }
        }
        return made;
    }

    private Dispatcher[] start() {
        Connection connection = SharedConnection.of(context);
        Dispatcher[] made = new Dispatcher[dispatcherCount];
        for (int i = 0; i < made.length; i++) {
            made[i] = connection.createDispatcher();
        }
        Gauge.builder("websocket.subscriptions", subscriptions, AtomicInteger::get)
                .description("NATS subscriptions held for WebSockets now").register(FlowMetrics.of(context).registry());
        connection.addConnectionListener(this::natsEvent);
        return made;
    }

    /** Sockets stay open through a NATS outage; JSON-action sockets are told when NATS goes and comes back. */
    private void natsEvent(Connection connection, ConnectionListener.Events event) {
        String status = switch (event) {
            case DISCONNECTED -> "disconnected";
            case RECONNECTED -> "reconnected";
            default -> null;
        };
        // jnats reports a disconnection again after each failed reconnect attempt: sockets are told of changes only
        if (status == null || status.equals(natsStatus.getAndSet(status))) {
            return;
        }
        String frame = JsonActions.natsStatus(status);
        for (BridgeSocket socket : sockets) {
            if (!speaksWamp(socket.socket)) {
                socket.socket.send(frame);
            }
        }
    }
}
