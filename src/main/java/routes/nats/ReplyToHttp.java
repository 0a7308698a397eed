package routes.nats;

import java.util.concurrent.CompletionStage;

import org.apache.camel.Exchange;

/**
 * How a flow's gateway turns the outcome of its NATS request into the HTTP answer (status header and body): the
 * reply, or one of the faults {@link NatsRequest} reports. Each flow names its implementation in the http-to-nats
 * route template ({@code replies}).
 */
public interface ReplyToHttp {

    /** A reply arrived: its body, and the service error headers if any, are on the message. */
    void reply(Exchange exchange);

    /**
     * Nobody serves the subject right now. Asynchronous, because saying what is served instead may take another
     * round trip (the route continues when the stage completes).
     */
    CompletionStage<Void> noResponders(Exchange exchange);

    /** No reply within the request's timeout. */
    void timedOut(Exchange exchange);

    /** NATS is unreachable (or the request could not be sent). */
    void unavailable(Exchange exchange);
}
