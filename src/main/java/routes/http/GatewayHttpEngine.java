package routes.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * platform-http's Vert.x engine (the component's extension point, {@code camel.component.platform-http.engine}) with
 * two changes:
 * <ul>
 * <li>Routes run <b>asynchronously</b>, from the event loop that received the request: a request waiting for its
 * broker round trip holds no thread. Camel 4.17's consumer runs each route inside {@code executeBlocking} and keeps
 * a worker thread waiting on a latch until the route ends (DESIGN.md fact 20); the answer is written by
 * {@link HttpAnswerWriter} when the route's callback comes, on whichever thread finished it. Gateway routes must
 * therefore not block: their broker steps are asynchronous processors. When platform-http runs routes
 * asynchronously again, delete {@link Consumer#handleRequest} and {@link HttpAnswerWriter}: the routes stay.</li>
 * <li>A form-encoded request keeps its raw body, in the exchange property {@link #FORM_BODY} (its fields are still
 * headers and, through the REST binding, a map body, as Camel makes them). Camel alone keeps no raw bytes of such a
 * body, and {@code curl -d '{...}'}, which the replaced systems' clients use, sends JSON labelled as a form:
 * {@link MediaTypes#requireJson} reads it as JSON.</li>
 * </ul>
 * What the built-in consumer does and this one leaves out: HTTP proxy mode and multipart form fields as headers
 * (no route of the gateway uses them).
 */
public class GatewayHttpEngine extends VertxPlatformHttpEngine {

    /** The exchange property holding a form-encoded request's raw body (a Vert.x Buffer). */
    public static final String FORM_BODY = "formRequestBody";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final Logger LOG = LoggerFactory.getLogger(GatewayHttpEngine.class);

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
        protected void handleRequest(RoutingContext request) {
            if (isSuspended()) {
                HttpAnswerWriter.unavailable(request);
                return;
            }
            Context eventLoop = Vertx.currentContext();
            Exchange exchange = createExchange(false);
            exchange.setPattern(ExchangePattern.InOut);
            processHttpRequest(exchange, request).onComplete(read -> {
                if (read.failed()) {
                    failed(exchange, request, read.cause());
                    return;
                }
                try {
                    createUoW(exchange);
                } catch (Exception e) {
                    failed(exchange, request, e);
                    return;
                }
                getAsyncProcessor().process(exchange, doneSync -> answer(exchange, request, eventLoop));
            });
        }

        /** The response is written on the request's event loop (a RoutingContext belongs to it). */
        private void answer(Exchange exchange, RoutingContext request, Context eventLoop) {
            if (eventLoop == null || Vertx.currentContext() == eventLoop) {
                write(exchange, request);
            } else {
                eventLoop.runOnContext(ignored -> write(exchange, request));
            }
        }

        private void write(Exchange exchange, RoutingContext request) {
            Future<Void> answered;
            try {
                answered = HttpAnswerWriter.write(request, exchange, getEndpoint().getHeaderFilterStrategy());
            } catch (RuntimeException e) {
                // thrown here, it would be lost in the callback that brought the answer and the caller left waiting
                failed(exchange, request, e);
                return;
            }
            answered.onComplete(written -> {
                if (written.failed()) {
                    LOG.debug("answer to {} {} not written: {}", request.request().method(), request.request().path(),
                            written.cause().toString());
                }
                finished(exchange);
            });
        }

        private void failed(Exchange exchange, RoutingContext request, Throwable failure) {
            getExceptionHandler().handleException("Failed handling platform-http endpoint " + getEndpoint().getPath(),
                    failure);
            request.fail(failure);
            finished(exchange);
        }

        private void finished(Exchange exchange) {
            doneUoW(exchange);
            releaseExchange(exchange, false);
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
