package routes.nats;

import io.nats.client.Connection;
import org.apache.camel.CamelContext;

import routes.observe.ContextBean;

/**
 * The process's one NATS connection, bound in the registry as {@code natsConnection} before the routes load: every
 * NATS endpoint of the routes ({@code connection=#natsConnection}) and every bean here share it.
 */
public final class SharedConnection {

    public static final String BEAN = "natsConnection";

    private SharedConnection() {
    }

    /** The bound connection; a stand-in that says CONNECTING while the first connect is still being retried. */
    public static Connection of(CamelContext context) {
        return BOUND.of(context);
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
