package routes.app;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

import routes.http.HttpJsonErrors;
import routes.observe.FlowMetrics;

/** The HTTP server's own answers in JSON ({@link HttpJsonErrors}), on the Vert.x instance the gateway creates. */
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
        Vertx vertx = HttpJsonErrors.vertx(context.getRegistry().findSingleByType(VertxOptions.class),
                Integer.parseInt(Settings.required(context, "http.event-loops")), FlowMetrics.of(context));
        context.getRegistry().bind("vertx", vertx);
        ContextHooks.onStop(context, vertx::close);
    }
}
