package routes.support;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code nats.*} properties, and the connection they describe. */
public record NatsSettings(String servers, String connectionName, int maxReconnects, long reconnectWaitMillis,
                           long connectionTimeoutMillis, long pingIntervalMillis) {

    private static final Logger LOG = LoggerFactory.getLogger(NatsSettings.class);
    private static final Pattern USER_INFO = Pattern.compile("(://)[^/@,\\s]*@");

    public NatsSettings {
        if (servers == null || servers.isBlank()) {
            throw new IllegalArgumentException("nats.url is empty: set NATS_URL to one or more nats:// URLs");
        }
    }

    public static NatsSettings from(Function<String, String> property) {
        return new NatsSettings(
                property.apply("nats.url"),
                property.apply("nats.connection-name"),
                Integer.parseInt(property.apply("nats.max-reconnects")),
                Long.parseLong(property.apply("nats.reconnect-wait-ms")),
                Long.parseLong(property.apply("nats.connection-timeout-ms")),
                Long.parseLong(property.apply("nats.ping-interval-ms")));
    }

    /** maxReconnects -1 never gives up: jnats' default of 60 closes the connection for good after about 2 minutes. */
    public Options options() {
        return new Options.Builder()
                .servers(servers.split("\\s*,\\s*"))
                .connectionName(connectionName)
                .maxReconnects(maxReconnects)
                .reconnectWait(Duration.ofMillis(reconnectWaitMillis))
                .connectionTimeout(Duration.ofMillis(connectionTimeoutMillis))
                .pingInterval(Duration.ofMillis(pingIntervalMillis))
                .connectionListener(NatsSettings::logEvent)
                .build();
    }

    public Connection connect() throws IOException, InterruptedException {
        try {
            return Nats.connect(options());
        } catch (IOException e) {
            throw new IOException("cannot connect to NATS at " + redactedServers() + " (nats.url, env NATS_URL): "
                    + e.getMessage(), e);
        }
    }

    /** The server URLs as they may appear in logs and health output: any user:password@ part removed. */
    public String redactedServers() {
        return redact(servers);
    }

    static String redact(String urls) {
        return urls == null ? null : USER_INFO.matcher(urls).replaceAll("$1");
    }

    private static void logEvent(Connection connection, ConnectionListener.Events event) {
        String name = connection.getOptions().getConnectionName();
        switch (event) {
            case DISCONNECTED -> LOG.warn("NATS connection {}: {}", name, event);
            case CONNECTED, RECONNECTED, RESUBSCRIBED, CLOSED ->
                    LOG.info("NATS connection {}: {} ({})", name, event, redact(connection.getConnectedUrl()));
            default -> LOG.debug("NATS connection {}: {}", name, event);
        }
    }
}
