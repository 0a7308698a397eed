package routes.rpc;

/**
 * A WAMP message the session cannot survive (a protocol violation, a wrong realm): answered ABORT with the reason
 * URI, then the socket closes, as the WAMP specification requires.
 */
public final class WampAbort extends RuntimeException {

    public static final String PROTOCOL_VIOLATION = "wamp.error.protocol_violation";
    public static final String NO_SUCH_REALM = "wamp.error.no_such_realm";

    private final String reason;

    public WampAbort(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
