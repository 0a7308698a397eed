package routes.nats;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicReference;

import io.nats.client.Connection;
import io.nats.client.Options;

/**
 * Stands in for the NATS connection while the first connect is still being retried in the background, so the process
 * can start without NATS. Until the real connection exists it reports itself as {@code CONNECTING} (the gateway then
 * answers 503, readiness is DOWN) and refuses any other use; afterwards every call goes to the real connection.
 */
public final class PendingNatsConnection implements InvocationHandler {

    private final Options options;
    private final Connection proxy;
    private final AtomicReference<Connection> real = new AtomicReference<>();

    public PendingNatsConnection(Options options) {
        this.options = options;
        this.proxy = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, this);
    }

    /** What the routes are given: the stand-in, which becomes the real connection once {@link #connected} ran. */
    public Connection proxy() {
        return proxy;
    }

    public void connected(Connection connection) {
        real.set(connection);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Connection connection = real.get();
        if (connection == null) {
            return beforeConnected(proxy, method, args);
        }
        try {
            return method.invoke(connection, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Object beforeConnected(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "getStatus" -> Connection.Status.CONNECTING;
            case "getOptions" -> options;
            case "getConnectedUrl" -> null;
            case "toString" -> "NATS connection (not connected yet)";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> throw new IllegalStateException("NATS is not connected yet (" + method.getName() + ")");
        };
    }
}
