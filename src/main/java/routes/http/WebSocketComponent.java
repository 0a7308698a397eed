package routes.http;

import java.util.List;
import java.util.regex.Pattern;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.vertx.websocket.VertxWebsocketComponent;
import org.apache.camel.component.vertx.websocket.VertxWebsocketConfiguration;
import org.apache.camel.component.vertx.websocket.VertxWebsocketConstants;
import org.apache.camel.component.vertx.websocket.VertxWebsocketConsumer;
import org.apache.camel.component.vertx.websocket.VertxWebsocketEndpoint;
import org.apache.camel.component.vertx.websocket.VertxWebsocketHost;
import org.apache.camel.component.vertx.websocket.VertxWebsocketHostConfiguration;
import org.apache.camel.component.vertx.websocket.VertxWebsocketHostKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import routes.observe.AtLeastOne;
import routes.observe.FlowMetrics;
import routes.observe.LogText;

/**
 * camel-vertx-websocket as the gateway serves it: on the router of the REST API's own HTTP server (DESIGN.md fact
 * 26; the component's own server is never started), and with three changes the bridge needs:
 * <ul>
 * <li>before the upgrade, an {@code Origin} outside {@code allowedOrigins} is answered 403, a process already
 * holding {@code maxSockets} sockets 503, a request that is no upgrade 400, each in JSON like every other answer;</li>
 * <li>a socket's events enter the route in the order they happened, on the socket's event loop, and the route runs
 * asynchronously from there (the component runs each event on a worker thread of its own choice, in no order, and
 * holds that thread until the route ends: a HELLO could be handled before the OPEN, and a call would hold a thread
 * for its whole round trip);</li>
 * <li>every socket is a {@link Socket} in {@link Sockets}: counted writes, slow readers closed, idle sockets
 * pinged.</li>
 * </ul>
 * Routes write to a socket through {@link #socketOf(Exchange)}, not through this component's producer, so that every
 * write is counted.
 */
public final class WebSocketComponent extends VertxWebsocketComponent {

    /** The exchange property that keeps the socket's key once a route has cleared the headers. */
    public static final String SOCKET_KEY = "webSocket";
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketComponent.class);
    private static final int FORBIDDEN = 403;
    private static final int UNAVAILABLE = 503;
    private static final int BAD_REQUEST = 400;
    private static final String SAME_ORIGIN = "same-origin";
    private static final int MAX_SHOWN_ORIGIN = 128;

    private String allowedOrigins = SAME_ORIGIN;
    private int maxSockets = Integer.MAX_VALUE;
    private int maxPending = 1000;
    private int maxPendingTotal = 100_000;
    private long pingIntervalMillis = 30_000;
    private int maxMessageBytes = 65_536;
    private Sockets sockets;

    /** WS_ALLOWED_ORIGINS: comma-separated globs; {@code same-origin} is the gateway's own origin. */
    public void setAllowedOrigins(String allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    public void setMaxSockets(int maxSockets) {
        this.maxSockets = (int) AtLeastOne.check("maxSockets", maxSockets);
    }

    public void setMaxPending(int maxPending) {
        this.maxPending = (int) AtLeastOne.check("maxPending", maxPending);
    }

    /** WS_MAX_FRAME_BYTES: a larger message closes its socket with 1009. */
    public void setMaxMessageBytes(int maxMessageBytes) {
        this.maxMessageBytes = (int) AtLeastOne.check("maxMessageBytes", maxMessageBytes);
    }

    /** WS_MAX_PENDING_TOTAL: messages waiting over all sockets; past it, a socket written to is closed (1008). */
    public void setMaxPendingTotal(int maxPendingTotal) {
        this.maxPendingTotal = (int) AtLeastOne.check("maxPendingTotal", maxPendingTotal);
    }

    public void setPingIntervalMillis(long pingIntervalMillis) {
        this.pingIntervalMillis = AtLeastOne.check("pingIntervalMillis", pingIntervalMillis);
    }

    /** The socket an exchange of this component's consumer came from, or null when it has closed. */
    public static Socket socketOf(Exchange exchange) {
        if (!(exchange.getFromEndpoint() instanceof VertxWebsocketEndpoint endpoint)
                || !(endpoint.getComponent() instanceof WebSocketComponent component)) {
            throw new IllegalStateException("not an exchange of a WebSocket route: " + exchange.getFromRouteId());
        }
        String key = exchange.getProperty(SOCKET_KEY, String.class);
        return component.sockets.get(key != null ? key
                : exchange.getMessage().getHeader(VertxWebsocketConstants.CONNECTION_KEY, String.class));
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        sockets = new Sockets(FlowMetrics.of(getCamelContext()).registry(), maxSockets, maxPending, maxPendingTotal,
                pingIntervalMillis);
    }

    @Override
    protected VertxWebsocketEndpoint createEndpointInstance(String uri, VertxWebsocketConfiguration configuration) {
        configuration.setFireWebSocketConnectionEvents(true);
        return new VertxWebsocketEndpoint(uri, this, configuration) {
            @Override
            public Consumer createConsumer(Processor processor) throws Exception {
                Consumer consumer = new InOrderConsumer(this, processor);
                configureConsumer(consumer);
                return consumer;
            }
        };
    }

    @Override
    protected VertxWebsocketHost createVertxWebsocketHost(VertxWebsocketHostConfiguration configuration,
                                                          VertxWebsocketHostKey key) {
        Origins origins = new Origins(Globs.list(allowedOrigins.replace(SAME_ORIGIN, "")),
                List.of(allowedOrigins.split(",")).stream().map(String::trim).anyMatch(SAME_ORIGIN::equals));
        return new VertxWebsocketHost(getCamelContext(), configuration, key) {
            @Override
            public void connect(VertxWebsocketConsumer consumer) {
                Router router = configuration.getRouter();
                String path = consumer.getEndpoint().getConfiguration().getWebsocketURI().getPath();
                router.route(path).handler(context -> admit(context, origins));
                super.connect(consumer);
            }

            @Override
            public void start() {
                // the REST API's HTTP server serves this router already
            }
        };
    }

    private void admit(RoutingContext context, Origins origins) {
        HttpServerRequest request = context.request();
        FlowMetrics metrics = FlowMetrics.of(getCamelContext());
        String connection = request.getHeader(HttpHeaders.CONNECTION);
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (connection == null || !connection.toLowerCase().contains("upgrade") || !"websocket".equalsIgnoreCase(upgrade)) {
            HttpJsonErrors.answer(context, BAD_REQUEST,
                    "this path is a WebSocket: send a GET with Connection: Upgrade and Upgrade: websocket", metrics);
        } else if (origin != null && !origins.allow(origin, request.getHeader(HttpHeaders.HOST))) {
            HttpJsonErrors.answer(context, FORBIDDEN, "origin " + LogText.quote(origin, MAX_SHOWN_ORIGIN) + " is not allowed",
                    metrics);
        } else if (sockets.full()) {
            HttpJsonErrors.answer(context, UNAVAILABLE, "too many WebSockets open, retry later", metrics);
        } else {
            context.next();
        }
    }

    /** The origins a browser's page may open a socket from. */
    private record Origins(List<Pattern> patterns, boolean sameOrigin) {

        boolean allow(String origin, String host) {
            if (sameOrigin && host != null
                    && (origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host))) {
                return true;
            }
            return Globs.anyMatches(patterns, origin);
        }
    }

    /** Events in order, on the socket's event loop; the route goes on asynchronously from there. */
    private final class InOrderConsumer extends VertxWebsocketConsumer {

        InOrderConsumer(VertxWebsocketEndpoint endpoint, Processor processor) {
            super(endpoint, processor);
        }

        @Override
        public void onOpen(String connectionKey, SocketAddress remote, RoutingContext routingContext,
                           ServerWebSocket webSocket) {
            sockets.opened(connectionKey, webSocket, routingContext.vertx());
            super.onOpen(connectionKey, remote, routingContext, webSocket);
        }

        @Override
        public void onMessage(String connectionKey, Object message, SocketAddress remote,
                              RoutingContext routingContext) {
            sockets.frameIn(connectionKey);
            if (tooBig(message)) {
                Socket socket = sockets.get(connectionKey);
                if (socket != null) {
                    socket.close(Socket.MESSAGE_TOO_BIG, "message too big: at most " + maxMessageBytes + " bytes");
                }
                return;
            }
            super.onMessage(connectionKey, message, remote, routingContext);
        }

        private boolean tooBig(Object message) {
            if (message instanceof byte[] bytes) {
                return bytes.length > maxMessageBytes;
            }
            String text = (String) message;
            // a UTF-8 character is 1 to 3 bytes per Java char: only a text near the limit needs counting
            return text.length() > maxMessageBytes || (3L * text.length() > maxMessageBytes
                    && text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > maxMessageBytes);
        }

        /** A socket that went away mid-write is no error of the route's: its close is handled like any other. */
        @Override
        public void onException(String connectionKey, Throwable cause, SocketAddress remote,
                                RoutingContext routingContext) {
            if (cause instanceof HttpClosedException || !sockets.isOpen(connectionKey)) {
                LOG.debug("socket {} ended: {}", connectionKey, cause.toString());
                return;
            }
            if (cause instanceof CorruptedWebSocketFrameException) {
                // Vert.x has cut the connection (a frame far over the limit, or not WebSocket at all)
                LOG.info("socket {} cut by the server: {}", connectionKey, cause.getMessage());
                return;
            }
            super.onException(connectionKey, cause, remote, routingContext);
        }

        @Override
        public void onClose(String connectionKey, SocketAddress remote, RoutingContext routingContext) {
            sockets.closed(connectionKey);
            super.onClose(connectionKey, remote, routingContext);
        }

        @Override
        protected void processExchange(Exchange exchange, RoutingContext routingContext) {
            try {
                createUoW(exchange);
            } catch (Exception e) {
                getExceptionHandler().handleException("WebSocket event's unit of work did not start", exchange, e);
                releaseExchange(exchange, false);
                return;
            }
            getAsyncProcessor().process(exchange, doneSync -> {
                try {
                    if (exchange.getException() != null) {
                        getExceptionHandler().handleException("WebSocket event failed", exchange,
                                exchange.getException());
                    }
                } finally {
                    endUnitOfWork(exchange);
                }
            });
        }

        private void endUnitOfWork(Exchange exchange) {
            try {
                doneUoW(exchange);
            } catch (Exception e) {
                getExceptionHandler().handleException("WebSocket event's unit of work did not end", exchange, e);
            } finally {
                releaseExchange(exchange, false);
            }
        }
    }
}
