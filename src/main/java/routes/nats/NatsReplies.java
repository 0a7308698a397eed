package routes.nats;

import org.apache.camel.Exchange;

/**
 * Answers a NATS request from the worker routes themselves. Their NATS consumers do not reply
 * ({@code replyToDisabled}): a route that hands a request on, to finish it off the consumer's single dispatcher
 * thread (DESIGN.md trap 7), answers it later from another thread, and the consumer would otherwise reply with
 * whatever body the handing-on route left. The reply subject is kept in {@link #REPLY_TO} when the request arrives.
 * Like the consumer's own replies, an answer is the body alone, without headers.
 */
public final class NatsReplies {

    /** The exchange property holding the request's reply subject (null when the sender expects no reply). */
    public static final String REPLY_TO = "natsReplyTo";

    private NatsReplies() {
    }

    /** Publishes the message body (bytes) to the request's reply subject; nothing when no reply is expected. */
    public static void send(Exchange exchange) {
        String replyTo = exchange.getProperty(REPLY_TO, String.class);
        if (replyTo == null) {
            return;
        }
        SharedConnection.of(exchange.getContext()).publish(replyTo, exchange.getMessage().getBody(byte[].class));
    }
}
