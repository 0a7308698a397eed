package routes.nats;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.camel.Exchange;

import routes.http.ErrorBody;

/**
 * Replies that carry their outcome in a {@link ReplyEnvelope} ({@code {"status": ..., "body": ...}}), as football's
 * pricers answer; faults are "&lt;service&gt; unavailable" (503) and "&lt;service&gt; timed out" (504).
 */
public final class EnvelopeReplies implements ReplyToHttp {

    private static final int UNAVAILABLE = 503;
    private static final int TIMED_OUT = 504;

    private String service = "service";

    /** What the error messages call the workers ("pricing service"). */
    public void setService(String service) {
        this.service = service;
    }

    @Override
    public void reply(Exchange exchange) {
        ReplyEnvelope.toHttp(exchange);
    }

    @Override
    public CompletionStage<Void> noResponders(Exchange exchange) {
        unavailable(exchange);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void timedOut(Exchange exchange) {
        answer(exchange, TIMED_OUT, service + " timed out");
    }

    @Override
    public void unavailable(Exchange exchange) {
        answer(exchange, UNAVAILABLE, service + " unavailable");
    }

    private static void answer(Exchange exchange, int status, String error) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setBody(ErrorBody.json(error));
    }
}
