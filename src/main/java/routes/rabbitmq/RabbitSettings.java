package routes.rabbitmq;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How to reach one RabbitMQ broker pair: the addresses in order of preference (primary first, then backups), the
 * vhost, the credentials (never shown by {@link #toString}), and the timings. Read from properties under a prefix
 * ({@code ppv.rabbitmq.}), each with its environment override in application.properties.
 */
public record RabbitSettings(List<HostPort> addresses, String vhost, String username, String password,
                             int connectionTimeoutMs, int heartbeatS, long failbackCheckMs,
                             String connectionName) {

    public record HostPort(String host, int port) {

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    private static final int DEFAULT_PORT = 5672;

    public RabbitSettings {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no RabbitMQ address: give host:port[,host:port...]");
        }
        addresses = List.copyOf(addresses);
    }

    /** The settings under {@code prefix}, looked up with {@code property} (which fails on a missing key). */
    public static RabbitSettings from(String prefix, Function<String, String> property) {
        return new RabbitSettings(
                addresses(property.apply(prefix + "addresses"), prefix + "addresses"),
                property.apply(prefix + "vhost"),
                property.apply(prefix + "username"),
                property.apply(prefix + "password"),
                positive(property, prefix + "connection-timeout-ms"),
                positive(property, prefix + "heartbeat-s"),
                positive(property, prefix + "failback-check-ms"),
                property.apply(prefix + "connection-name"));
    }

    /** "primary:5672,backup:5672" (a missing port is 5672); anything else is refused, naming the setting. */
    static List<HostPort> addresses(String text, String setting) {
        List<HostPort> addresses = new ArrayList<>();
        for (String item : text.split(",")) {
            String address = item.trim();
            if (address.isEmpty()) {
                continue;
            }
            int colon = address.lastIndexOf(':');
            String host = colon < 0 ? address : address.substring(0, colon);
            int port = DEFAULT_PORT;
            if (colon >= 0) {
                try {
                    port = Integer.parseInt(address.substring(colon + 1));
                } catch (NumberFormatException e) {
                    port = -1;
                }
            }
            if (host.isEmpty() || port < 1 || port > 65535) {
                throw new IllegalArgumentException(setting + ": '" + address + "' is not host:port");
            }
            addresses.add(new HostPort(host, port));
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException(setting + " is empty: give host:port[,host:port...]");
        }
        return addresses;
    }

    private static int positive(Function<String, String> property, String key) {
        String text = property.apply(key);
        try {
            int value = Integer.parseInt(text.trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException(key + " must be a whole number of at least 1, not '" + text + "'");
    }

    public String addressList() {
        return String.join(",", addresses.stream().map(HostPort::toString).toList());
    }

    @Override
    public String toString() {
        return "RabbitMQ " + addressList() + " vhost " + vhost + " as " + username + " (password hidden)";
    }
}
