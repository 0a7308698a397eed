package routes.rabbitmq;

import java.util.Map;

/**
 * A queue as a broker must hold it, declared on every new connection (a non-durable queue is gone after a broker
 * restart). Declared exactly: a flag or an argument of another type than the old processes' own declaration makes
 * the broker refuse one side (406 PRECONDITION_FAILED).
 */
public record QueueDeclaration(String name, boolean durable, boolean exclusive, Map<String, Object> arguments) {

    public QueueDeclaration {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a queue needs a name");
        }
        arguments = Map.copyOf(arguments);
    }

    /** Non-durable, non-exclusive, not auto-delete, with {@code x-message-ttl} as a 32-bit integer (ppv.md). */
    public static QueueDeclaration transientWithTtl(String name, int ttlMillis) {
        return new QueueDeclaration(name, false, false, Map.of("x-message-ttl", ttlMillis));
    }

    public static QueueDeclaration durable(String name) {
        return new QueueDeclaration(name, true, false, Map.of());
    }

    /**
     * A process's own reply queue, as the old gateway had one: exclusive to its connection and auto-delete, so the
     * broker removes it with the connection; declared again on the next.
     */
    public static QueueDeclaration replies(String name) {
        return new QueueDeclaration(name, false, true, Map.of());
    }
}
