package routes.nats;

import io.nats.client.Connection;
import org.apache.camel.Exchange;

/**
 * Fails fast while the process's NATS connection is down. Without this check jnats buffers the request until it
 * reconnects, and the caller would wait out the whole timeout for a 504 instead of getting a prompt 503.
 */
public final class NatsAvailability {

    private NatsAvailability() {
    }

    public static void requireConnected(Exchange exchange) {
        Connection.Status status = SharedConnection.of(exchange.getContext()).getStatus();
        if (status != Connection.Status.CONNECTED) {
            throw new NatsUnavailableException("NATS connection is " + status);
        }
    }

    /** The broker cannot be reached right now; the gateway answers 503. */
    public static final class NatsUnavailableException extends RuntimeException {
        public NatsUnavailableException(String message) {
            super(message, null, false, false);
        }
    }
}
