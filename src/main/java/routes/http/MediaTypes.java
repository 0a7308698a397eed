package routes.http;

import java.util.Locale;

import org.apache.camel.Exchange;

/**
 * Which request bodies are read as JSON: {@code application/json} (any parameters), no Content-Type at all, and
 * {@code application/x-www-form-urlencoded}, which is what {@code curl -d} sends and what the replaced systems'
 * clients relied on. Anything else is 415.
 */
public final class MediaTypes {

    static final String UNSUPPORTED = "unsupported media type: send Content-Type: application/json";
    private static final int UNSUPPORTED_MEDIA_TYPE = 415;

    private MediaTypes() {
    }

    /** Refuses other media types (415); a form-encoded body becomes the message body again, as the bytes sent. */
    public static void requireJson(Exchange exchange) {
        if (!readAsJson(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class))) {
            throw HttpError.of(UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED);
        }
        Object formBody = exchange.getProperty(GatewayHttpEngine.FORM_BODY);
        if (formBody != null) {
            exchange.getMessage().setBody(formBody);
        }
    }

    static boolean readAsJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        int parameters = contentType.indexOf(';');
        String type = (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.equals("application/x-www-form-urlencoded");
    }
}
