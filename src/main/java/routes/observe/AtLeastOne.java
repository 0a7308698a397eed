package routes.observe;

/** The rule of every count and timeout a component or bean takes, checked when Camel sets it, so start-up fails by name. */
public final class AtLeastOne {

    private AtLeastOne() {
    }

    /** {@code value}, or a refusal naming {@code setting} ("nats-service:x: concurrency must be at least 1, got 0"). */
    public static long check(String setting, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(setting + " must be at least 1, got " + value);
        }
        return value;
    }
}
