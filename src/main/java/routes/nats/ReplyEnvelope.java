package routes.nats;

import java.io.IOException;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import routes.http.ErrorBody;
import routes.http.Json;
import routes.observe.RequestOutcomes;

/**
 * The envelope a worker answers with over the broker. NATS replies carry no headers, so the outcome travels in the
 * body: {@code {"status": 200, "body": {...}}}. The gateway turns it back into an HTTP status and body.
 */
public record ReplyEnvelope(int status, Object body) {

    private static final Logger LOG = LoggerFactory.getLogger(ReplyEnvelope.class);
    public static final String MALFORMED_REPLY = "invalid reply from service";
    static final int BAD_GATEWAY = 502;

    public static byte[] json(int status, Object body) {
        return Json.bytes(new ReplyEnvelope(status, body));
    }

    /** Gateway side: the request body as bytes for NATS; a bodiless request is sent as empty (the worker refuses it). */
    public static byte[] requestBytes(byte[] body) {
        return body == null ? new byte[0] : body;
    }

    /** A worker-side failure, answered as {@code {"error": message}} with that status. */
    public static byte[] error(int status, String message) {
        return json(status, new ErrorBody(message));
    }

    /**
     * Gateway side: replaces the message with the HTTP answer the envelope describes. A reply that is not an
     * envelope is the worker's fault, not the client's, so it becomes a 502. The body is passed on as the worker
     * wrote it (a slice of the reply, checked by one streaming pass as strictly as {@link Json} reads), and the
     * top-level field the route names in {@link RequestOutcomes#LOG_FIELD} is kept for the request's log line.
     */
    public static void toHttp(Exchange exchange) {
        Message message = exchange.getMessage();
        byte[] reply = message.getBody(byte[].class);
        Envelope envelope = null;
        try {
            envelope = Envelope.read(reply == null ? new byte[0] : reply,
                    exchange.getProperty(RequestOutcomes.LOG_FIELD, String.class));
        } catch (IOException e) {
            // not JSON, or not strict JSON: a malformed reply, answered 502 below
        }
        if (envelope == null) {
            LOG.warn("request {}: the worker's reply ({} bytes) is not a {{\"status\", \"body\"}} envelope, answering 502",
                    exchange.getProperty(RequestOutcomes.REQUEST_ID, String.class), reply == null ? 0 : reply.length);
            message.setBody(ErrorBody.json(MALFORMED_REPLY));
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, BAD_GATEWAY);
            return;
        }
        exchange.setProperty(RequestOutcomes.REPLY_KEY, envelope.logValue());
        message.setBody(Arrays.copyOfRange(reply, envelope.bodyStart(), envelope.bodyEnd()));
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, envelope.status());
    }

    /** Where an envelope's body lies in the reply bytes, its status, and the body's log field (text, or null). */
    private record Envelope(int status, int bodyStart, int bodyEnd, String logValue) {

        private static final int MIN_STATUS = 100;
        private static final int MAX_STATUS = 599;

        /** Null when the document is JSON but not an envelope with an HTTP status and a body. */
        static Envelope read(byte[] reply, String logField) throws IOException {
            try (JsonParser parser = Json.MAPPER.createParser(reply)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                Integer status = null;
                long bodyStart = -1;
                long bodyEnd = -1;
                String logValue = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if ("status".equals(name)) {
                        status = value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT
                                ? parser.getIntValue() : null;
                    } else if ("body".equals(name)) {
                        bodyStart = parser.currentTokenLocation().getByteOffset();
                        if (value == JsonToken.START_OBJECT) {
                            logValue = fieldText(parser, logField);
                        } else {
                            skip(parser);
                        }
                        bodyEnd = parser.currentLocation().getByteOffset();
                    } else {
                        skip(parser);
                    }
                }
                // the rest must be nothing at all, as Json.readTree demands
                if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                    return null;
                }
                if (status == null || status < MIN_STATUS || status > MAX_STATUS || bodyStart < 0) {
                    return null;
                }
                return new Envelope(status, (int) bodyStart, (int) bodyEnd, logValue);
            }
        }

        /** Reads an object to its end; returns the text of its top-level field {@code field}, if any. */
        private static String fieldText(JsonParser parser, String field) throws IOException {
            String text = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean wanted = parser.currentName().equals(field);
                parser.nextToken();
                String value = skip(parser);
                if (wanted) {
                    text = value;
                }
            }
            return text;
        }

        /**
         * Moves past the current value (reading all of it, so the parser checks it and its end is known); returns
         * its text as a Jackson tree's asText would, or null for JSON null.
         */
        private static String skip(JsonParser parser) throws IOException {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                parser.skipChildren();
                return "";
            }
            return token == JsonToken.VALUE_NULL ? null : parser.getText();
        }
    }
}
