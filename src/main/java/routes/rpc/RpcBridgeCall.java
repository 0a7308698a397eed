package routes.rpc;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.camel.Exchange;

import routes.http.Json;

/**
 * A call from a socket, made through the RPC bridge's own route ({@code direct:rpc}), so that it has exactly the
 * HTTP bridge's checks and answers (rpc.md): the request is shaped as {@code POST /service.method} would arrive, and
 * the answer is read back from the status and JSON body that route leaves.
 */
final class RpcBridgeCall {

    /** The outcome of a call that was answered (the others are named by their WAMP error URI). */
    static final String RESULT = "result";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RpcBridgeCall() {
    }

    /** {@code timeoutMillis}: a shorter timeout the caller asked for, or null. */
    static void prepare(Exchange exchange, String name, ArrayNode argsAndKwargs, Long timeoutMillis) {
        var message = exchange.getMessage();
        message.getHeaders().clear();
        // the bridge decodes the path as it would an HTTP request's: the name is sent encoded so it arrives verbatim
        message.setHeader(Exchange.HTTP_URI, "/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        if (timeoutMillis != null) {
            message.setHeader(RpcRequests.TIMEOUT_HEADER, String.valueOf(timeoutMillis));
        }
        message.setBody(Json.bytes(argsAndKwargs));
    }

    /** The bridge's JSON answer. */
    static JsonNode answer(Exchange exchange) {
        return payload(exchange.getMessage().getBody(byte[].class));
    }

    /** The message of an error answer ({@code {"error": "..."}}). */
    static String message(JsonNode body) {
        JsonNode error = body.get("error");
        return error != null && error.isTextual() ? error.textValue() : body.toString();
    }

    /** Bytes as JSON when they are JSON, else as a string. */
    static JsonNode payload(byte[] data) {
        if (data == null || data.length == 0) {
            return NODES.textNode("");
        }
        try {
            return Json.readTree(data);
        } catch (JsonProcessingException e) {
            return NODES.textNode(new String(data, StandardCharsets.UTF_8));
        }
    }
}
