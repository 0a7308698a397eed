package routes.rpc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;

import routes.http.Json;
import routes.observe.FlowMetrics;

/**
 * The bridge's protocol for sockets without a subprotocol (websocket.md, "JSON actions"): one JSON object a frame,
 * {@code {"action": "subscribe"|"unsubscribe"|"publish"|"call", ...}}. Each step reads the frame the route chose it
 * for and leaves the answer frame as the body; anything it will not do is a {@link FrameRefused}, answered
 * {@code {"error": true, "message": ...}} with the socket left open.
 */
public final class JsonActions {

    /** The exchange property the route chooses on: the frame's action. */
    public static final String ACTION = "wsAction";
    static final String CALL_ID = "wsCallId";
    private static final Set<String> ACTIONS = Set.of("subscribe", "unsubscribe", "publish", "call");
    private static final Set<String> LIST_FIELDS = Set.of("action", "rpcs");
    private static final Set<String> PUBLISH_FIELDS = Set.of("action", "rpc", "data");
    private static final Set<String> CALL_FIELDS = Set.of("action", "id", "rpc", "args", "kwargs");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int OK = 200;

    private WebSocketBridge bridge;

    public void setBridge(WebSocketBridge bridge) {
        this.bridge = bridge;
    }

    /** Parses the frame into a JSON object with a known action (the body), or refuses it saying what is wrong. */
    public void read(Exchange exchange) {
        JsonNode frame = TextFrames.json(exchange.getMessage().getBody(),
                () -> refused("binary frames are not read: send each action as a JSON text frame"),
                problem -> refused("the frame is not valid JSON: " + problem));
        if (!frame.isObject()) {
            throw refused("a frame must be a JSON object with an \"action\", got " + SocketSubjects.describe(frame));
        }
        JsonNode action = frame.get("action");
        if (action == null || !action.isTextual()) {
            throw refused("\"action\" must be one of " + sorted(ACTIONS) + ", got " + shown(action));
        }
        if (!ACTIONS.contains(action.textValue())) {
            throw refused("unknown action " + shown(action) + ": it must be one of " + sorted(ACTIONS));
        }
        exchange.setProperty(ACTION, action.textValue());
        exchange.getMessage().setBody(frame);
    }

    public void subscribe(Exchange exchange) {
        JsonNode frame = frame(exchange, LIST_FIELDS);
        BridgeSocket socket = bridge.of(exchange);
        List<String> subjects = new ArrayList<>();
        for (JsonNode rpc : rpcs(frame)) {
            subjects.add(bridge.subscribable().subscribable(rpc.isTextual() ? rpc.textValue() : rpc));
        }
        for (String subject : subjects) {
            bridge.subscribe(socket, subject, id -> EventFrames::actions);
        }
        exchange.getMessage().setBody(answer("subscribed", subjects));
    }

    public void unsubscribe(Exchange exchange) {
        JsonNode frame = frame(exchange, LIST_FIELDS);
        BridgeSocket socket = bridge.of(exchange);
        List<String> subjects = new ArrayList<>();
        for (JsonNode rpc : rpcs(frame)) {
            if (!rpc.isTextual() || socket.bySubject(rpc.textValue()) == null) {
                throw new FrameRefused(FrameRefused.NO_SUCH_SUBSCRIPTION, "not subscribed to " + shown(rpc));
            }
            subjects.add(rpc.textValue());
        }
        subjects.forEach(subject -> bridge.unsubscribe(socket, subject));
        exchange.getMessage().setBody(answer("unsubscribed", subjects));
    }

    public void publish(Exchange exchange) {
        JsonNode frame = frame(exchange, PUBLISH_FIELDS);
        JsonNode rpc = frame.get("rpc");
        String subject = bridge.publishable().publishable(rpc == null ? null : rpc.isTextual() ? rpc.textValue() : rpc);
        JsonNode data = frame.get("data");
        if (data == null) {
            throw refused("\"data\" is missing: publish sends it to NATS as JSON");
        }
        bridge.publish(subject, Json.bytes(data), null);
        ObjectNode answer = NODES.objectNode().put("action", "published").put("rpc", subject);
        exchange.getMessage().setBody(answer.toString());
    }

    /**
     * Turns the call into the request the RPC bridge takes from HTTP ({@code POST /service.method} with
     * {@code [args, kwargs]}), so the call has its allowlist, timeout and answers.
     */
    public void call(Exchange exchange) {
        JsonNode frame = frame(exchange, CALL_FIELDS);
        JsonNode id = frame.has("id") ? frame.get("id") : NODES.nullNode();
        exchange.setProperty(CALL_ID, id.toString());
        JsonNode rpc = frame.get("rpc");
        if (rpc == null || !rpc.isTextual()) {
            throw refused("\"rpc\" must be the name to call (service.method), got " + shown(rpc));
        }
        JsonNode args = frame.has("args") ? frame.get("args") : NODES.arrayNode();
        JsonNode kwargs = frame.has("kwargs") ? frame.get("kwargs") : NODES.objectNode();
        if (!args.isArray()) {
            throw refused("\"args\" must be an array, got " + SocketSubjects.describe(args));
        }
        if (!kwargs.isObject()) {
            throw refused("\"kwargs\" must be an object, got " + SocketSubjects.describe(kwargs));
        }
        RpcBridgeCall.prepare(exchange, rpc.textValue(), NODES.arrayNode().add(args).add(kwargs), null);
    }

    /** The RPC bridge's answer, as the call's answer frame. */
    public void answerCall(Exchange exchange) {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, OK, Integer.class);
        JsonNode body = RpcBridgeCall.answer(exchange);
        ObjectNode answer = NODES.objectNode();
        answer.set("id", callId(exchange));
        if (status == OK) {
            answer.set("result", body);
        } else {
            answer.putObject("error").put("status", status).put("message", RpcBridgeCall.message(body));
        }
        FlowMetrics.of(exchange.getContext()).webSocketCall(WebSocketBridge.ACTIONS, status == OK ? RpcBridgeCall.RESULT
                : WampMessages.CALL_ERRORS.getOrDefault(status, FrameRefused.UNAVAILABLE));
        exchange.getMessage().setBody(answer.toString());
    }

    /** The refusal caught by the route, as the error frame (with the call's id, for a call). */
    public void refused(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String message = caught instanceof FrameRefused refusal ? refusal.getMessage()
                : "the frame could not be handled: " + caught;
        ObjectNode answer = NODES.objectNode().put("error", true).put("message", message);
        if (exchange.getProperty(CALL_ID) != null) {
            answer.set("id", callId(exchange));
        }
        exchange.getMessage().setBody(answer.toString());
    }

    /** What a socket is told when the NATS connection goes and comes back. */
    static String natsStatus(String status) {
        return NODES.objectNode().put("action", "nats").put("status", status).toString();
    }

    private static JsonNode callId(Exchange exchange) {
        try {
            return Json.readTree(exchange.getProperty(CALL_ID, "null", String.class).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            return NODES.nullNode();
        }
    }

    private static JsonNode frame(Exchange exchange, Set<String> fields) {
        JsonNode frame = exchange.getMessage().getBody(JsonNode.class);
        Iterator<String> names = frame.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw refused("unknown field \"" + name + "\" for action \"" + frame.get("action").textValue()
                        + "\": it takes " + sorted(fields));
            }
        }
        return frame;
    }

    private static Iterable<JsonNode> rpcs(JsonNode frame) {
        JsonNode rpcs = frame.get("rpcs");
        if (rpcs == null || !rpcs.isArray() || rpcs.isEmpty()) {
            throw refused("\"rpcs\" must be a non-empty array of subjects, got " + shown(rpcs));
        }
        return rpcs;
    }

    private static String answer(String action, List<String> subjects) {
        ObjectNode answer = NODES.objectNode().put("action", action);
        ArrayNode rpcs = answer.putArray("rpcs");
        subjects.forEach(rpcs::add);
        return answer.toString();
    }

    private static FrameRefused refused(String message) {
        return new FrameRefused(FrameRefused.INVALID_ARGUMENT, message);
    }

    private static String sorted(Set<String> names) {
        return names.stream().sorted().toList().toString();
    }

    private static String shown(JsonNode node) {
        if (node == null) {
            return "nothing";
        }
        String text = node.toString();
        return text.length() > SocketSubjects.MAX_SUBJECT_CHARS
                ? text.substring(0, SocketSubjects.MAX_SUBJECT_CHARS) + "..." : text;
    }
}
