package routes.nats;

import io.nats.client.Connection;

import routes.observe.ReadinessCheck;

/** Not ready while the process's NATS connection is not connected (reconnecting, or closed for good). */
public final class NatsConnectionReadiness extends ReadinessCheck {

    public static final String BEAN = "natsConnectionReadiness";

    private final Connection connection;
    private final String servers;

    /** {@code servers}: how to name the servers in the message, without credentials. */
    public NatsConnectionReadiness(Connection connection, String servers) {
        super("nats-connection");
        this.connection = connection;
        this.servers = servers;
    }

    @Override
    protected String problem() {
        Connection.Status status = connection.getStatus();
        return status == Connection.Status.CONNECTED ? null
                : "NATS connection is " + status + " (servers " + servers + ")";
    }
}
