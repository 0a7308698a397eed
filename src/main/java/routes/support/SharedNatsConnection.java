package routes.support;

import io.nats.client.Connection;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import routes.observe.FlowMetrics;
import routes.observe.NatsConnectionReadiness;

/**
 * Opens the process's one NATS connection before the routes load, binds it as {@code natsConnection} (the routes'
 * NATS endpoints use {@code connection=#natsConnection}), and closes it after the routes have stopped. Settings:
 * the {@code nats.*} properties.
 */
public final class SharedNatsConnection extends MainListenerSupport {

    public static final String BEAN = "natsConnection";
    private static final Logger LOG = LoggerFactory.getLogger(SharedNatsConnection.class);

    private Connection connection;

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        NatsSettings settings = NatsSettings.from(key -> Settings.required(context, key));
        try {
            connection = settings.connect();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to NATS", e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        context.getRegistry().bind(BEAN, connection);
        context.getRegistry().bind(NatsConnectionReadiness.BEAN,
                new NatsConnectionReadiness(connection, settings.redactedServers()));
        FlowMetrics.of(context).watch(connection);
        // a context service, so the connection closes after the routes stop however the context is stopped
        ContextHooks.onStop(context, this::close);
    }

    private synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.debug("NATS connection closed");
            connection = null;
        }
    }
}
