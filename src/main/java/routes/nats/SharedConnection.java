package routes.nats;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.nats.client.Connection;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import routes.observe.ContextBean;

/**
 * The process's one NATS connection, bound in the registry as {@code natsConnection} before the routes load: every
 * NATS endpoint of the routes ({@code connection=#natsConnection}) and every bean here share it.
 */
public final class SharedConnection {

    private static final Logger LOG = LoggerFactory.getLogger(SharedConnection.class);

    public static final String BEAN = "natsConnection";

    private SharedConnection() {
    }

    /** The bound connection; a stand-in that says CONNECTING while the first connect is still being retried. */
    public static Connection of(CamelContext context) {
        return BOUND.of(context);
    }

    /**
     * Sends what is still queued (up to {@code timeout}), then closes: jnats's close() drops the messages still
     * waiting in its outgoing queue, a worker's last answers among them.
     */
    public static void flushAndClose(Connection connection, Duration timeout) {
        try {
            if (connection.getStatus() == Connection.Status.CONNECTED) {
                connection.flush(timeout);
            }
        } catch (TimeoutException e) {
            LOG.warn("NATS connection not flushed within {} ms (nats.drain-timeout-ms): closing anyway", timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final ContextBean<Connection> BOUND = new ContextBean<>(SharedConnection::lookup);

    private static Connection lookup(CamelContext context) {
        Connection connection = context.getRegistry().lookupByNameAndType(BEAN, Connection.class);
        if (connection == null) {
            throw new IllegalStateException("no " + BEAN + " bean: the NATS connection was not set up before the routes");
        }
        return connection;
    }
}
