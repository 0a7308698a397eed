package routes.app;

import java.util.List;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

import routes.http.HttpJsonErrors;
import routes.observe.FlowMetrics;
import routes.rpc.WampMessages;

/**
 * The HTTP server's own answers in JSON ({@link HttpJsonErrors}), on the Vert.x instance the gateway creates; its
 * WebSockets speak WAMP when asked ({@code wamp.2.json}) and take messages of at most WS_MAX_FRAME_BYTES.
 */
final class HttpSetup extends MainListenerSupport {

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        // the HTTP server starts with the context, so its router exists once the context has started
        CamelContext context = main.getCamelContext();
        ContextHooks.onStarted(context, () -> HttpJsonErrors.install(context));
    }

    /** Once the properties (and the vertxOptions bean) are bound; closed with the context. */
    @Override
    public void afterConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        // the bridge closes a socket with 1009 for a message over the limit (WebSocketComponent); Vert.x cuts the
        // connection without a close frame at its own limit, so that one is set above it
        int vertxMaxFrameBytes = 2 * Integer.parseInt(Settings.required(context, "websocket.max-frame-bytes"));
        Vertx vertx = HttpJsonErrors.vertx(context.getRegistry().findSingleByType(VertxOptions.class),
                Integer.parseInt(Settings.required(context, "http.event-loops")),
                options -> options.setWebSocketSubProtocols(List.of(WampMessages.SUBPROTOCOL))
                        .setMaxWebSocketFrameSize(vertxMaxFrameBytes).setMaxWebSocketMessageSize(vertxMaxFrameBytes),
                FlowMetrics.of(context));
        context.getRegistry().bind("vertx", vertx);
        ContextHooks.onStop(context, vertx::close);
    }
}
