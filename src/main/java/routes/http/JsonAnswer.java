package routes.http;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The last step before an HTTP answer leaves: only the status, {@code Content-Type: application/json} and the
 * request id go back to the caller, never a header the request brought or a worker sent.
 */
public final class JsonAnswer {

    private static final String JSON = "application/json";

    private JsonAnswer() {
    }

    public static void finish(Exchange exchange) {
        Message message = exchange.getMessage();
        Object status = message.getHeader(Exchange.HTTP_RESPONSE_CODE);
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, JSON);
        message.setHeader(RequestIds.HEADER, exchange.getProperty(RequestIds.PROPERTY, String.class));
    }
}
