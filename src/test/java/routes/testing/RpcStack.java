package routes.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * What an rpc test class runs against, owned by it: its own nats-server, its own database, and the gateway with
 * every flow in both roles, the rpc services on that database.
 */
public final class RpcStack implements AutoCloseable {

    private final NatsServerProcess nats;
    private final TestDatabase database;
    private final GatewayApp app;
    private NatsMonitor monitor;

    private RpcStack(NatsServerProcess nats, TestDatabase database, GatewayApp app) {
        this.nats = nats;
        this.database = database;
        this.app = app;
    }

    /** The same, with the nats-server's monitoring port open ({@link #monitor}: its own count of subscriptions). */
    public static RpcStack monitored(Map<String, String> settings) throws Exception {
        NatsMonitor monitor = new NatsMonitor(NatsServerProcess.freePort());
        RpcStack stack = start(settings, monitor.serverArgs());
        stack.monitor = monitor;
        return stack;
    }

    public NatsMonitor monitor() {
        if (monitor == null) {
            throw new IllegalStateException("this stack's nats-server has no monitoring port: start it with monitored()");
        }
        return monitor;
    }

    /** {@code settings}: overrides on top of the database's. */
    public static RpcStack start(Map<String, String> settings) throws Exception {
        return start(settings, new String[0]);
    }

    /** {@code natsArgs}: more arguments for the nats-server (a monitoring port, say). */
    public static RpcStack start(Map<String, String> settings, String... natsArgs) throws Exception {
        NatsServerProcess nats = NatsServerProcess.start(natsArgs);
        TestDatabase database = null;
        try {
            database = TestDatabase.create();
            Map<String, String> all = new HashMap<>(database.settings());
            all.putAll(settings);
            return new RpcStack(nats, database, GatewayApp.start(nats.url(), "gateway,worker", all));
        } catch (Exception | Error e) {
            Resources.closeAll(database, nats);
            throw e;
        }
    }

    public NatsServerProcess nats() {
        return nats;
    }

    public TestDatabase database() {
        return database;
    }

    public GatewayApp app() {
        return app;
    }

    @Override
    public void close() throws Exception {
        Resources.closeAll(app, database, nats);
    }
}
