package routes.app;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import io.nats.client.Connection;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import routes.nats.NatsConnectionReadiness;
import routes.nats.NatsDrain;
import routes.nats.NatsServiceEndpoint;
import routes.nats.NatsSettings;
import routes.nats.PendingNatsConnection;
import routes.nats.SharedConnection;
import routes.observe.FlowMetrics;
import routes.observe.ReadinessCheck;

/**
 * Opens the process's one NATS connection before the routes load, binds it as {@code natsConnection} (the routes'
 * NATS endpoints use {@code connection=#natsConnection}), and closes it after the routes have stopped. Settings:
 * the {@code nats.*} properties.
 * <p>
 * When NATS cannot be reached at start-up the process starts anyway: the routes get a stand-in connection, the
 * routes that consume from NATS are held back, readiness says why, and a background thread keeps trying every
 * {@code nats.reconnect-wait-ms}. Once connected, the readiness checks run once (which creates a missing stream)
 * and the held-back routes start.
 * <p>
 * When the context stops, the NATS consumers are drained first ({@link NatsDrain}), so nothing delivered to this
 * process goes unanswered, and the connection is flushed before it closes, so the last answers are sent.
 */
final class NatsSetup extends MainListenerSupport {

    /** Routes whose consumer is a NATS endpoint (endpoint URI pattern), held back while NATS is unreachable. */
    static final String NATS_CONSUMERS = "nats-service:*";
    private static final Logger LOG = LoggerFactory.getLogger(NatsSetup.class);

    private volatile Connection connection;
    private volatile boolean stopping;
    private Thread connector;
    private Duration drainTimeout = Duration.ZERO;

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        NatsSettings settings = NatsSettings.from(key -> Settings.required(context, key));
        LOG.info("{}", settings);
        drainTimeout = Duration.ofMillis(Long.parseLong(Settings.required(context, "nats.drain-timeout-ms")));
        Connection bound;
        try {
            connection = settings.connect();
            bound = connection;
            FlowMetrics.of(context).watch(connection);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to NATS", e);
        } catch (IOException e) {
            LOG.warn("{}; starting without it: readiness stays DOWN and the NATS consumer routes wait until it "
                    + "connects (retrying every {} ms)", e.getMessage(), settings.reconnectWaitMillis());
            PendingNatsConnection pending = new PendingNatsConnection(settings.options());
            bound = pending.proxy();
            main.configure().setAutoStartupExcludePattern(NATS_CONSUMERS);
            connector = new Thread(() -> connectLater(context, settings, pending), "nats-first-connect");
            connector.setDaemon(true);
            ContextHooks.onStarted(context, connector::start);
        }
        context.getRegistry().bind(SharedConnection.BEAN, bound);
        context.getRegistry().bind(NatsConnectionReadiness.BEAN,
                new NatsConnectionReadiness(bound, settings.serverAddresses()));
        context.getManagementStrategy().addEventNotifier(new NatsDrain(context, drainTimeout));
        // a context service, so the connection closes after the routes stop however the context is stopped
        ContextHooks.onStop(context, this::close);
    }

    private void connectLater(CamelContext context, NatsSettings settings, PendingNatsConnection pending) {
        while (!stopping) {
            try {
                Thread.sleep(settings.reconnectWaitMillis());
                Connection real = settings.connect();
                synchronized (this) {
                    if (stopping) {
                        real.close();
                        return;
                    }
                    connection = real;
                }
                pending.connected(real);
                FlowMetrics.of(context).watch(real);
                LOG.info("NATS connected after start-up; starting the routes that consume from it");
                startHeldBackRoutes(context);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) {
                LOG.debug("NATS still unreachable: {}", e.getMessage());
            }
        }
    }

    /** Readiness checks first: they create what the routes need (the invalid-records stream) before any message arrives. */
    private static void startHeldBackRoutes(CamelContext context) {
        for (ReadinessCheck check : context.getRegistry().findByType(ReadinessCheck.class)) {
            check.call();
        }
        List<Route> natsConsumers = context.getRoutes().stream()
                .filter(route -> route.getEndpoint() instanceof NatsServiceEndpoint).toList();
        for (Route route : natsConsumers) {
            try {
                context.getRouteController().startRoute(route.getRouteId());
            } catch (Exception e) {
                LOG.error("route {} did not start after NATS connected: {}", route.getRouteId(), e.getMessage(), e);
            }
        }
    }

    private synchronized void close() {
        stopping = true;
        if (connector != null) {
            connector.interrupt();
        }
        if (connection != null) {
            SharedConnection.flushAndClose(connection, drainTimeout);
            LOG.debug("NATS connection closed");
            connection = null;
        }
    }
}
