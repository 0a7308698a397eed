package routes.http;

import org.apache.camel.Exchange;

/**
 * An answer the gateway gives at once, before anything crosses the broker (wrong media type, a malformed name, a
 * refused body): the status and the JSON body. Thrown by a flow's checks; {@link #answer} turns the caught one into
 * the HTTP answer.
 */
public final class HttpError extends RuntimeException {

    private final int status;
    private final transient byte[] body;

    public HttpError(int status, byte[] body) {
        super("HTTP " + status, null, false, false);
        this.status = status;
        this.body = body;
    }

    /** {@code {"error": message}} with that status. */
    public static HttpError of(int status, String message) {
        return new HttpError(status, ErrorBody.json(message));
    }

    public int status() {
        return status;
    }

    /** In a doCatch: the caught HttpError becomes the message's status and body. */
    public static void answer(Exchange exchange) {
        HttpError error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, HttpError.class);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, error.status);
        exchange.getMessage().setBody(error.body);
    }
}
