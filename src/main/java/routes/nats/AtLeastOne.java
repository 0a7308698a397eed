package routes.nats;

/** The rule of the NATS components' counts and timeouts, checked when Camel sets them, so start-up fails by name. */
final class AtLeastOne {

    private AtLeastOne() {
    }

    /** {@code value}, or a refusal naming {@code setting} ("nats-service:x: concurrency must be at least 1, got 0"). */
    static long check(String setting, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(setting + " must be at least 1, got " + value);
        }
        return value;
    }
}
