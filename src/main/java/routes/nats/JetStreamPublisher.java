package routes.nats;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Publishes the body (bytes) and the message's headers (as text) to the endpoint's subject as a request whose reply
 * is the stream's acknowledgement; the route goes on from the thread the acknowledgement arrives on. The message is
 * left as it was.
 */
final class JetStreamPublisher extends DefaultAsyncProducer {

    private final JetStreamEndpoint endpoint;

    JetStreamPublisher(JetStreamEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Connection connection = SharedConnection.of(exchange.getContext());
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            // jnats would buffer the publish until it reconnects, and the acknowledgement would time out meanwhile
            return failNow(exchange, callback, "NATS connection is " + connection.getStatus());
        }
        long timeoutMs = endpoint.ackTimeoutMs();
        try {
            endpoint.getComponent().requests().send(exchange.getContext(), connection, endpoint.subject(),
                    headers(exchange.getMessage().getHeaders()), exchange.getMessage().getBody(byte[].class), timeoutMs,
                    new Acknowledgement(exchange, callback, endpoint.subject(), timeoutMs));
        } catch (RejectedExecutionException e) {
            return failNow(exchange, callback, "stopping: " + e.getMessage());
        } catch (RuntimeException e) {
            return failNow(exchange, callback, "not sent: " + e.getMessage());
        }
        return false;
    }

    private boolean failNow(Exchange exchange, AsyncCallback callback, String why) {
        exchange.setException(new NotStored("JetStream publish to " + endpoint.subject() + ": " + why));
        callback.done(true);
        return true;
    }

    private static Headers headers(Map<String, Object> camelHeaders) {
        Headers headers = new Headers();
        camelHeaders.forEach((name, value) -> {
            if (value != null) {
                headers.put(name, value.toString());
            }
        });
        return headers;
    }

    /** Reads the stream's answer: an acknowledgement goes on, anything else fails the exchange. */
    private record Acknowledgement(Exchange exchange, AsyncCallback callback, String subject, long timeoutMs)
            implements TimedRequests.Outcome {

        @Override
        public void replied(Message reply) {
            String problem = problem(reply);
            if (problem != null) {
                exchange.setException(new NotStored("JetStream publish to " + subject + ": " + problem));
            }
            callback.done(false);
        }

        @Override
        public void timedOut() {
            exchange.setException(new NotStored("JetStream publish to " + subject + ": no acknowledgement within "
                    + timeoutMs + " ms"));
            callback.done(false);
        }

        /** What is wrong with the answer, or null for an acknowledgement. */
        private static String problem(Message reply) {
            if (ReplyInboxes.noResponders(reply)) {
                return "no JetStream stream keeps the subject";
            }
            try {
                new PublishAck(reply);
                return null;
            } catch (JetStreamApiException e) {
                // an error reply of the stream, or (jnats' way to say it) a reply that does not parse
                return "the stream answered: " + e.getMessage();
            } catch (IOException | RuntimeException e) {
                return "not an acknowledgement: " + e.getMessage();
            }
        }
    }

    /** The message was not stored (or it is not known that it was). */
    public static final class NotStored extends RuntimeException {
        NotStored(String message) {
            super(message, null, false, false);
        }
    }
}
