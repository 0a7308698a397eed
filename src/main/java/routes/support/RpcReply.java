package routes.support;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import routes.observe.RequestOutcomes;

/**
 * The envelope a worker answers with over the broker. NATS replies carry no headers, so the outcome travels in the
 * body: {@code {"status": 200, "body": {...}}}. The gateway turns it back into an HTTP status and body.
 */
public record RpcReply(int status, Object body) {

    private static final Logger LOG = LoggerFactory.getLogger(RpcReply.class);
    public static final String MALFORMED_REPLY = "invalid reply from service";
    static final int BAD_GATEWAY = 502;

    public static byte[] json(int status, Object body) {
        return Json.bytes(new RpcReply(status, body));
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
     * envelope is the worker's fault, not the client's, so it becomes a 502.
     */
    public static void toHttp(Exchange exchange) {
        Message message = exchange.getMessage();
        byte[] reply = message.getBody(byte[].class);
        int status = BAD_GATEWAY;
        byte[] body = ErrorBody.json(MALFORMED_REPLY);
        try {
            JsonNode envelope = Json.readTree(reply == null ? new byte[0] : reply);
            JsonNode statusNode = envelope.path("status");
            JsonNode bodyNode = envelope.path("body");
            if (statusNode.canConvertToInt() && statusNode.isIntegralNumber()
                    && statusNode.intValue() >= 100 && statusNode.intValue() <= 599 && !bodyNode.isMissingNode()) {
                status = statusNode.intValue();
                body = Json.MAPPER.writeValueAsBytes(bodyNode);
                exchange.setProperty(RequestOutcomes.REPLY_BODY, bodyNode);
            }
        } catch (Exception e) {
            // keep the 502 prepared above
        }
        if (status == BAD_GATEWAY) {
            LOG.warn("request {}: the worker's reply ({} bytes) is not a {{\"status\", \"body\"}} envelope, answering 502",
                    exchange.getProperty(RequestOutcomes.REQUEST_ID, String.class), reply == null ? 0 : reply.length);
        }
        message.setBody(body);
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    }
}
