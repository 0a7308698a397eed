package routes.testing;

import java.lang.reflect.Proxy;

import io.nats.client.Connection;

/**
 * A NATS connection that stays disconnected, for route-level tests that load a YAML file whose beans need one
 * ({@code connection: "#natsConnection"}) but mock every NATS step. Any use beyond its status fails loudly.
 * Bound by the test route file camel-test/offline-nats.camel.yaml.
 */
public final class OfflineNatsConnection {

    private OfflineNatsConnection() {
    }

    public static Connection create() {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getStatus" -> Connection.Status.DISCONNECTED;
                    case "toString" -> "offline NATS connection";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new IllegalStateException("no NATS in this test: " + method.getName());
                });
    }
}
