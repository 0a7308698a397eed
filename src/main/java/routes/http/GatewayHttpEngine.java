package routes.http;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * platform-http's Vert.x engine (the component's extension point, {@code camel.component.platform-http.engine}), with
 * one change to how a request becomes a Camel message: a form-encoded request keeps its raw body, in the exchange
 * property {@link #FORM_BODY} (its fields are still headers and, through the REST binding, a map body, as Camel
 * makes them). Camel alone keeps no raw bytes of such a body, and {@code curl -d '{...}'}, which the replaced
 * systems' clients use, sends JSON labelled as a form: {@link MediaTypes#requireJson} reads it as JSON.
 */
public class GatewayHttpEngine extends VertxPlatformHttpEngine {

    /** The exchange property holding a form-encoded request's raw body (a Vert.x Buffer). */
    public static final String FORM_BODY = "formRequestBody";
    private static final String FORM = "application/x-www-form-urlencoded";

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        return new Consumer(endpoint, processor, this);
    }

    private static final class Consumer extends VertxPlatformHttpConsumer {

        Consumer(PlatformHttpEndpoint endpoint, Processor processor, GatewayHttpEngine engine) {
            super(endpoint, processor, engine.getHandlers(),
                    VertxPlatformHttpRouter.getRouterNameFromPort(engine.getServerPort()));
        }

        @Override
        protected Future<Void> populateCamelMessage(RoutingContext context, Exchange exchange, Message message) {
            return super.populateCamelMessage(context, exchange, message).map(done -> {
                if (isForm(context) && context.body() != null && context.body().buffer() != null) {
                    exchange.setProperty(FORM_BODY, context.body().buffer());
                }
                return done;
            });
        }

        private static boolean isForm(RoutingContext context) {
            String type = context.request().getHeader("Content-Type");
            return type != null && type.regionMatches(true, 0, FORM, 0, FORM.length());
        }
    }
}
