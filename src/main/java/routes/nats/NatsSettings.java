package routes.nats;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code nats.*} properties, and the connection they describe. Credentials never appear in {@link #toString},
 * in log lines or in health output.
 */
public record NatsSettings(String servers, String connectionName, int maxReconnects, long reconnectWaitMillis,
                           long connectionTimeoutMillis, long pingIntervalMillis, Auth auth, Tls tls) {

    private static final Logger LOG = LoggerFactory.getLogger(NatsSettings.class);
    private static final Pattern USER_INFO = Pattern.compile("(://)[^/@,\\s]*@");

    public NatsSettings {
        if (servers == null || servers.isBlank()) {
            throw new IllegalArgumentException("nats.url is empty: set NATS_URL to one or more nats:// URLs");
        }
        auth = auth == null ? Auth.NONE : auth;
        tls = tls == null ? Tls.OFF : tls;
    }

    /** Without authentication or TLS of its own (URLs may still carry user:password@ or tls://). */
    public NatsSettings(String servers, String connectionName, int maxReconnects, long reconnectWaitMillis,
                        long connectionTimeoutMillis, long pingIntervalMillis) {
        this(servers, connectionName, maxReconnects, reconnectWaitMillis, connectionTimeoutMillis, pingIntervalMillis,
                Auth.NONE, Tls.OFF);
    }

    /**
     * How the connection authenticates: at most one of user and password, a token, an NKey seed or a credentials
     * (.creds) file. Empty values mean "not used".
     */
    public record Auth(String username, String password, String token, String nkeySeed, String credentialsFile) {

        static final Auth NONE = new Auth("", "", "", "", "");

        public Auth {
            username = blankToEmpty(username);
            password = blankToEmpty(password);
            token = blankToEmpty(token);
            nkeySeed = blankToEmpty(nkeySeed);
            credentialsFile = blankToEmpty(credentialsFile);
            int ways = (username.isEmpty() ? 0 : 1) + (token.isEmpty() ? 0 : 1) + (nkeySeed.isEmpty() ? 0 : 1)
                    + (credentialsFile.isEmpty() ? 0 : 1);
            if (ways > 1) {
                throw new IllegalArgumentException("NATS authentication: set only one of nats.username (with "
                        + "nats.password), nats.token, nats.nkey.private-key and nats.credentials-file");
            }
            if (!password.isEmpty() && username.isEmpty()) {
                throw new IllegalArgumentException("NATS authentication: nats.password is set without nats.username");
            }
        }

        void applyTo(Options.Builder options) {
            if (!username.isEmpty()) {
                options.userInfo(username.toCharArray(), password.toCharArray());
            } else if (!token.isEmpty()) {
                options.token(token.toCharArray());
            } else if (!nkeySeed.isEmpty()) {
                options.authHandler(Nats.staticCredentials(null, nkeySeed.toCharArray()));
            } else if (!credentialsFile.isEmpty()) {
                options.authHandler(Nats.credentials(credentialsFile));
            }
        }

        /** Which way is used, never the secret itself. */
        @Override
        public String toString() {
            return !username.isEmpty() ? "user and password"
                    : !token.isEmpty() ? "token" : !nkeySeed.isEmpty() ? "NKey"
                    : !credentialsFile.isEmpty() ? "credentials file " + credentialsFile : "none";
        }
    }

    /**
     * TLS: on when {@code enabled} or a server URL starts with tls://. Without a trust store the JVM's default one
     * checks the server's certificate; a key store adds a client certificate (mutual TLS).
     */
    public record Tls(boolean enabled, String truststorePath, String truststorePassword, String keystorePath,
                      String keystorePassword) {

        static final Tls OFF = new Tls(false, "", "", "", "");

        public Tls {
            truststorePath = blankToEmpty(truststorePath);
            truststorePassword = blankToEmpty(truststorePassword);
            keystorePath = blankToEmpty(keystorePath);
            keystorePassword = blankToEmpty(keystorePassword);
        }

        void applyTo(Options.Builder options) {
            if (!truststorePath.isEmpty()) {
                options.truststorePath(truststorePath).truststorePassword(truststorePassword.toCharArray());
            }
            if (!keystorePath.isEmpty()) {
                options.keystorePath(keystorePath).keystorePassword(keystorePassword.toCharArray());
            }
            if (enabled && truststorePath.isEmpty() && keystorePath.isEmpty()) {
                try {
                    options.secure();
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException("no TLS support in this JVM: " + e.getMessage(), e);
                }
            }
        }

        @Override
        public String toString() {
            return enabled || !truststorePath.isEmpty() || !keystorePath.isEmpty()
                    ? "TLS (trust store " + (truststorePath.isEmpty() ? "of the JVM" : truststorePath)
                    + (keystorePath.isEmpty() ? "" : ", client certificate " + keystorePath) + ")" : "no TLS";
        }
    }

    private static String blankToEmpty(String value) {
        return value == null || value.isBlank() ? "" : value.trim();
    }

    @Override
    public String toString() {
        return "NATS " + redactedServers() + " as " + connectionName + " (auth: " + auth + ", " + tls + ")";
    }

    public static NatsSettings from(Function<String, String> property) {
        return new NatsSettings(
                property.apply("nats.url"),
                property.apply("nats.connection-name"),
                Integer.parseInt(property.apply("nats.max-reconnects")),
                Long.parseLong(property.apply("nats.reconnect-wait-ms")),
                Long.parseLong(property.apply("nats.connection-timeout-ms")),
                Long.parseLong(property.apply("nats.ping-interval-ms")),
                new Auth(property.apply("nats.username"), property.apply("nats.password"), property.apply("nats.token"),
                        property.apply("nats.nkey.private-key"), property.apply("nats.credentials-file")),
                new Tls(Boolean.parseBoolean(property.apply("nats.tls.enabled")),
                        property.apply("nats.tls.truststore-path"), property.apply("nats.tls.truststore-password"),
                        property.apply("nats.tls.keystore-path"), property.apply("nats.tls.keystore-password")));
    }

    /** maxReconnects -1 never gives up: jnats' default of 60 closes the connection for good after about 2 minutes. */
    public Options options() {
        Options.Builder options = new Options.Builder()
                .servers(servers.split("\\s*,\\s*"))
                .connectionName(connectionName)
                .maxReconnects(maxReconnects)
                .reconnectWait(Duration.ofMillis(reconnectWaitMillis))
                .connectionTimeout(Duration.ofMillis(connectionTimeoutMillis))
                .pingInterval(Duration.ofMillis(pingIntervalMillis))
                // a request nobody serves fails with a status exception instead of a bare cancellation
                .reportNoResponders()
                .connectionListener(NatsSettings::logEvent)
                .errorListener(new QuietWhileConnecting());
        auth.applyTo(options);
        tls.applyTo(options);
        return options.build();
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

    /**
     * host:port of each server, for health output (Camel's health JSON escapes the slashes of a URL twice, which
     * makes it unreadable).
     */
    public String serverAddresses() {
        return redactedServers().replaceAll("[a-z]+://", "");
    }

    static String redact(String urls) {
        return urls == null ? null : USER_INFO.matcher(urls).replaceAll("$1");
    }

    private static void logEvent(Connection connection, ConnectionListener.Events event) {
        String name = connection.getOptions().getConnectionName();
        if (connection.getConnectedUrl() == null && event != ConnectionListener.Events.CONNECTED) {
            // a start-up attempt that never connected: routes.app.NatsSetup says so once, not every retry
            LOG.debug("NATS connection {}: {} (not connected)", name, event);
            return;
        }
        switch (event) {
            case DISCONNECTED -> LOG.warn("NATS connection {}: {}", name, event);
            case CONNECTED, RECONNECTED, RESUBSCRIBED, CLOSED ->
                    LOG.info("NATS connection {}: {} ({})", name, event, redact(connection.getConnectedUrl()));
            default -> LOG.debug("NATS connection {}: {}", name, event);
        }
    }

    /**
     * jnats' default error listener logs every failed connect attempt at ERROR; while the connection is not
     * connected those are expected (NATS down, reconnecting) and the connection events already say so.
     */
    private static final class QuietWhileConnecting implements ErrorListener {
        @Override
        public void errorOccurred(Connection connection, String error) {
            LOG.warn("NATS server error on connection {}: {}", connection.getOptions().getConnectionName(), error);
        }

        @Override
        public void exceptionOccurred(Connection connection, Exception exception) {
            if (connection.getStatus() == Connection.Status.CONNECTED) {
                LOG.warn("NATS connection {}: {}", connection.getOptions().getConnectionName(), exception.toString());
            } else {
                LOG.debug("NATS connection {} ({}): {}", connection.getOptions().getConnectionName(),
                        connection.getStatus(), exception.toString());
            }
        }

        @Override
        public void slowConsumerDetected(Connection connection, Consumer consumer) {
            LOG.warn("NATS connection {}: slow consumer, messages dropped ({} pending)",
                    connection.getOptions().getConnectionName(), consumer.getPendingMessageCount());
        }
    }
}
