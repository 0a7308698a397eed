package routes.rpc;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import routes.http.Json;
import routes.http.StrictJson;
import routes.http.Violation;

/**
 * A call's arguments: positional ({@code args}, a JSON array) and keyword ({@code kwargs}, a JSON object). A body
 * takes one of the contract's forms: empty, {@code []}, {@code [args]}, {@code [args, kwargs]} or {@code {kwargs}};
 * over NATS a call is always {@code [args, kwargs]}. Anything else is refused with what is wrong.
 */
public record RpcCall(ArrayNode args, ObjectNode kwargs) {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Why a body is not a call: the violations, each naming the part that is wrong. */
    public static final class Malformed extends RuntimeException {
        private final transient List<Violation> violations;

        Malformed(List<Violation> violations) {
            super(violations.get(0).describe(), null, false, false);
            this.violations = List.copyOf(violations);
        }

        public List<Violation> violations() {
            return violations;
        }
    }

    public static RpcCall parse(byte[] body) {
        if (body == null || body.length == 0) {
            return new RpcCall(NODES.arrayNode(), NODES.objectNode());
        }
        JsonNode document;
        try {
            document = StrictJson.read(body);
        } catch (StrictJson.Problem problem) {
            throw malformed(Violation.BODY, problem.getMessage());
        }
        if (document.isMissingNode()) {
            throw malformed(Violation.BODY, "is blank: send JSON, or nothing for a call without arguments");
        }
        if (document.isObject()) {
            return new RpcCall(NODES.arrayNode(), (ObjectNode) document);
        }
        if (!document.isArray()) {
            throw malformed(Violation.BODY, "must be [args, kwargs], [args], [] or {kwargs}, got "
                    + StrictJson.kind(document));
        }
        if (document.size() > 2) {
            throw malformed(Violation.BODY, "must be [args, kwargs]: at most two elements, got " + document.size());
        }
        JsonNode args = document.size() > 0 ? document.get(0) : NODES.arrayNode();
        JsonNode kwargs = document.size() > 1 ? document.get(1) : NODES.objectNode();
        if (!args.isArray() && !kwargs.isObject()) {
            throw new Malformed(List.of(
                    Violation.of("args", "must be an array, got " + StrictJson.kind(args)),
                    Violation.of("kwargs", "must be an object, got " + StrictJson.kind(kwargs))));
        }
        if (!args.isArray()) {
            throw malformed("args", "must be an array, got " + StrictJson.kind(args));
        }
        if (!kwargs.isObject()) {
            throw malformed("kwargs", "must be an object, got " + StrictJson.kind(kwargs));
        }
        return new RpcCall((ArrayNode) args, (ObjectNode) kwargs);
    }

    /** The call as it crosses NATS: {@code [args, kwargs]}, compact. */
    public byte[] bytes() {
        return Json.bytes(NODES.arrayNode().add(args).add(kwargs));
    }

    private static Malformed malformed(String field, String message) {
        return new Malformed(List.of(Violation.of(field, message)));
    }
}
