package routes.rpc;

/** What a method needs (its store) is down: the caller is told 503 and may retry. */
public final class ServiceUnavailable extends RuntimeException {

    public ServiceUnavailable(String message) {
        super(message, null, false, false);
    }
}
