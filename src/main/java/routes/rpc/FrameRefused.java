package routes.rpc;

/**
 * A WebSocket message the bridge will not carry out, with the WAMP error URI that says why
 * ({@code wamp.error.invalid_uri}, {@code wamp.error.not_authorized}, ...) and a message for people. The socket stays
 * open: JSON actions answer {@code {"error": true, "message": ...}}, WAMP an ERROR.
 */
public final class FrameRefused extends RuntimeException {

    public static final String INVALID_URI = "wamp.error.invalid_uri";
    public static final String NOT_AUTHORIZED = "wamp.error.not_authorized";
    public static final String INVALID_ARGUMENT = "wamp.error.invalid_argument";
    public static final String NO_SUCH_SUBSCRIPTION = "wamp.error.no_such_subscription";
    public static final String UNAVAILABLE = "wamp.error.runtime_error";

    private final String uri;

    public FrameRefused(String uri, String message) {
        super(message, null, false, false);
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }
}
