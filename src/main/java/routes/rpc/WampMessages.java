package routes.rpc;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;

import routes.http.Json;
import routes.http.Socket;
import routes.observe.FlowMetrics;

/**
 * The bridge as a WAMP v2 router on {@code wamp.2.json}, basic profile, broker and dealer roles (websocket.md): a
 * topic or procedure URI is the NATS subject of that name. {@link #read} checks the message's shape and the
 * session's state and names its type for the route's choice; each step then leaves the answer as the body. A
 * message that breaks the protocol is a {@link WampAbort} (ABORT, then close); one the router will not carry out
 * is a {@link FrameRefused} (ERROR, the session goes on).
 * <p>
 * Request ids are taken from 0 to 2^53 (the old demo page counted from 0). EVENTs are rendered by {@link EventFrames}.
 */
public final class WampMessages {

    /** The subprotocol a client asks for to speak WAMP. */
    public static final String SUBPROTOCOL = "wamp.2.json";
    /** Exchange properties: the message type's name (the route chooses on it), its code and request id. */
    public static final String TYPE = "wampType";
    static final String REQUEST_TYPE = "wampRequestType";
    static final String REQUEST = "wampRequest";

    static final int HELLO = 1;
    static final int WELCOME = 2;
    static final int ABORT = 3;
    static final int GOODBYE = 6;
    static final int ERROR = 8;
    static final int PUBLISH = 16;
    static final int PUBLISHED = 17;
    static final int SUBSCRIBE = 32;
    static final int SUBSCRIBED = 33;
    static final int UNSUBSCRIBE = 34;
    static final int UNSUBSCRIBED = 35;
    static final int EVENT = 36;
    static final int CALL = 48;
    static final int RESULT = 50;
    static final int REGISTER = 64;
    static final int UNREGISTER = 66;
    private static final Map<Integer, String> ROUTED = Map.of(HELLO, "HELLO", GOODBYE, "GOODBYE",
            PUBLISH, "PUBLISH", SUBSCRIBE, "SUBSCRIBE", UNSUBSCRIBE, "UNSUBSCRIBE", CALL, "CALL",
            REGISTER, "REGISTER", UNREGISTER, "UNREGISTER");
    private static final long MAX_ID = 1L << 53;
    private static final int OK = 200;
    static final Map<Integer, String> CALL_ERRORS = Map.of(404, "wamp.error.no_such_procedure",
            403, FrameRefused.NOT_AUTHORIZED, 400, FrameRefused.INVALID_ARGUMENT, 504, "wamp.error.canceled");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WebSocketBridge bridge;
    private String realm = "realm1";

    public void setBridge(WebSocketBridge bridge) {
        this.bridge = bridge;
    }

    /** WS_WAMP_REALM: the one realm this router serves. */
    public void setRealm(String realm) {
        this.realm = realm;
    }

    /** Parses the message and checks it against the session's state; the body becomes the message's array. */
    public void read(Exchange exchange) {
        JsonNode message = TextFrames.json(exchange.getMessage().getBody(),
                () -> violation("wamp.2.json carries text frames only"),
                problem -> violation("the message is not valid JSON: " + problem));
        if (!message.isArray() || message.isEmpty() || !message.get(0).isIntegralNumber()) {
            throw violation("a WAMP message is an array that starts with its type code");
        }
        int type = message.get(0).asInt();
        String name = ROUTED.get(type);
        if (name == null) {
            throw violation("a router does not take message type " + message.get(0) + " from a client");
        }
        BridgeSocket socket = bridge.of(exchange);
        boolean welcomed = socket.wampSession != 0;
        if (type == HELLO && welcomed) {
            throw violation("HELLO on a session already established");
        }
        if (type != HELLO && !welcomed) {
            throw violation("the first message must be HELLO");
        }
        if (type != HELLO && type != GOODBYE) {
            exchange.setProperty(REQUEST_TYPE, type);
            exchange.setProperty(REQUEST, id(message, 1, "Request"));
        }
        exchange.setProperty(TYPE, name);
        exchange.getMessage().setBody(message);
    }

    /** HELLO [1, Realm, Details]: WELCOME with a session id of its own, or ABORT for another realm. */
    public void hello(Exchange exchange) {
        ArrayNode message = shape(exchange, 3, 3, "HELLO [1, Realm|uri, Details|dict]");
        String asked = uri(message, 1, "Realm");
        dict(message, 2, "Details");
        if (!realm.equals(asked)) {
            throw new WampAbort(WampAbort.NO_SUCH_REALM, "this router serves the realm '" + realm + "' only");
        }
        long session = randomId();
        bridge.of(exchange).wampSession = session;
        ArrayNode welcome = NODES.arrayNode().add(WELCOME).add(session);
        ObjectNode roles = welcome.addObject().putObject("roles");
        roles.putObject("broker");
        roles.putObject("dealer");
        exchange.getMessage().setBody(welcome.toString());
    }

    /** GOODBYE [6, Details, Reason]: GOODBYE back, then the socket closes. */
    public void goodbye(Exchange exchange) {
        ArrayNode message = shape(exchange, 3, 3, "GOODBYE [6, Details|dict, Reason|uri]");
        dict(message, 1, "Details");
        uri(message, 2, "Reason");
        exchange.getMessage().setBody("[" + GOODBYE + ",{},\"wamp.close.goodbye_and_out\"]");
        closeAfter(exchange, Socket.NORMAL, "goodbye");
    }

    /** SUBSCRIBE [32, Request, Options, Topic]: SUBSCRIBED with the subscription's id. */
    public void subscribe(Exchange exchange) {
        ArrayNode message = shape(exchange, 4, 4, "SUBSCRIBE [32, Request|id, Options|dict, Topic|uri]");
        dict(message, 2, "Options");
        String topic = bridge.subscribable().subscribable(textOrNode(message.get(3)));
        BridgeSocket.Entry entry = bridge.subscribe(bridge.of(exchange), topic, EventFrames::wamp);
        exchange.getMessage().setBody(NODES.arrayNode().add(SUBSCRIBED).add(request(exchange)).add(entry.id())
                .toString());
    }

    /** UNSUBSCRIBE [34, Request, Subscription]: UNSUBSCRIBED, or ERROR for a subscription this session lacks. */
    public void unsubscribe(Exchange exchange) {
        ArrayNode message = shape(exchange, 3, 3, "UNSUBSCRIBE [34, Request|id, SUBSCRIBED.Subscription|id]");
        long id = id(message, 2, "Subscription");
        BridgeSocket socket = bridge.of(exchange);
        BridgeSocket.Entry entry = socket.byId(id);
        if (entry == null || !bridge.unsubscribe(socket, entry.subject())) {
            throw new FrameRefused(FrameRefused.NO_SUCH_SUBSCRIPTION, "no subscription " + id + " on this session");
        }
        exchange.getMessage().setBody(NODES.arrayNode().add(UNSUBSCRIBED).add(request(exchange)).toString());
    }

    /**
     * PUBLISH [16, Request, Options, Topic, Arguments?, ArgumentsKw?]: [args, kwargs] on NATS; PUBLISHED only when
     * options.acknowledge is true; the publisher's own session does not get the event unless exclude_me is false.
     */
    public void publish(Exchange exchange) {
        ArrayNode message = shape(exchange, 4, 6,
                "PUBLISH [16, Request|id, Options|dict, Topic|uri, Arguments|list, ArgumentsKw|dict]");
        ObjectNode options = dict(message, 2, "Options");
        String topic = bridge.publishable().publishable(textOrNode(message.get(3)));
        ArrayNode payload = argsAndKwargs(message, 4);
        boolean excludeMe = flag(options, "exclude_me", true);
        bridge.publish(topic, Json.bytes(payload), excludeMe ? bridge.of(exchange).socket.key() : null);
        exchange.getMessage().setBody(flag(options, "acknowledge", false)
                ? NODES.arrayNode().add(PUBLISHED).add(request(exchange)).add(randomId()).toString() : null);
    }

    /**
     * CALL [48, Request, Options, Procedure, Arguments?, ArgumentsKw?]: through the RPC bridge, within
     * options.timeout (ms) when that is shorter than RPC_TIMEOUT_MS.
     */
    public void call(Exchange exchange) {
        ArrayNode message = shape(exchange, 4, 6,
                "CALL [48, Request|id, Options|dict, Procedure|uri, Arguments|list, ArgumentsKw|dict]");
        ObjectNode options = dict(message, 2, "Options");
        JsonNode procedure = message.get(3);
        if (!procedure.isTextual()) {
            throw violation("CALL's Procedure must be a URI (a string), got " + SocketSubjects.describe(procedure));
        }
        JsonNode timeout = options.get("timeout");
        Long millis = timeout != null && timeout.canConvertToLong() && timeout.asLong() > 0 ? timeout.asLong() : null;
        RpcBridgeCall.prepare(exchange, procedure.textValue(), argsAndKwargs(message, 4), millis);
    }

    /** The RPC bridge's answer as RESULT [50, Request, {}, args, kwargs] or ERROR [8, 48, Request, {}, uri, [message]]. */
    public void answerCall(Exchange exchange) {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, OK, Integer.class);
        JsonNode body = RpcBridgeCall.answer(exchange);
        ArrayNode answer = NODES.arrayNode();
        String outcome = RpcBridgeCall.RESULT;
        if (status == OK && body.isArray() && body.size() == 2) {
            answer.add(RESULT).add(request(exchange)).addObject();
            answer.add(body.get(0)).add(body.get(1));
        } else {
            outcome = CALL_ERRORS.getOrDefault(status, FrameRefused.UNAVAILABLE);
            answer.add(ERROR).add(CALL).add(request(exchange)).addObject();
            answer.add(outcome);
            answer.addArray().add(RpcBridgeCall.message(body));
        }
        FlowMetrics.of(exchange.getContext()).webSocketCall(WebSocketBridge.WAMP, outcome);
        exchange.getMessage().setBody(answer.toString());
    }

    /** REGISTER: procedures live on NATS; a WebSocket session cannot register one. */
    public void register(Exchange exchange) {
        throw new FrameRefused(FrameRefused.NOT_AUTHORIZED,
                "procedures are served on NATS: this router takes no registrations over WebSocket");
    }

    /** UNREGISTER: nothing was ever registered. */
    public void unregister(Exchange exchange) {
        throw new FrameRefused("wamp.error.no_such_registration", "this session has no registrations");
    }

    /** A refusal caught by the route: ERROR [8, type, Request, {}, uri, [message]]; the session goes on. */
    public void refused(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String uri = caught instanceof FrameRefused refusal ? refusal.uri() : FrameRefused.UNAVAILABLE;
        String text = caught instanceof FrameRefused ? caught.getMessage() : "the message could not be handled: " + caught;
        Integer type = exchange.getProperty(REQUEST_TYPE, Integer.class);
        ArrayNode error = NODES.arrayNode().add(ERROR).add(type == null ? 0 : type).add(request(exchange));
        error.addObject();
        error.add(uri).addArray().add(text);
        exchange.getMessage().setBody(error.toString());
    }

    /** A violation caught by the route: ABORT [3, {"message": ...}, reason], then the socket closes. */
    public void abort(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        WampAbort abort = caught instanceof WampAbort given ? given
                : new WampAbort(WampAbort.PROTOCOL_VIOLATION, String.valueOf(caught));
        ArrayNode message = NODES.arrayNode().add(ABORT);
        message.addObject().put("message", abort.getMessage());
        message.add(abort.reason());
        exchange.getMessage().setBody(message.toString());
        closeAfter(exchange, WampAbort.NO_SUCH_REALM.equals(abort.reason()) ? Socket.NORMAL : Socket.PROTOCOL_ERROR,
                abort.reason());
    }

    /** An id of WAMP's global scope (sessions, publications): drawn at random from 1 to 2^53. */
    static long randomId() {
        return ThreadLocalRandom.current().nextLong(1, MAX_ID + 1);
    }

    private static void closeAfter(Exchange exchange, short code, String reason) {
        exchange.setProperty(WebSocketBridge.CLOSE_CODE, code);
        exchange.setProperty(WebSocketBridge.CLOSE_REASON, reason);
    }

    private static long request(Exchange exchange) {
        return exchange.getProperty(REQUEST, 0L, Long.class);
    }

    private static ArrayNode shape(Exchange exchange, int min, int max, String form) {
        ArrayNode message = exchange.getMessage().getBody(ArrayNode.class);
        if (message.size() < min || message.size() > max) {
            throw violation("expected " + form + ", got " + message.size() + " elements");
        }
        return message;
    }

    private static long id(JsonNode message, int at, String what) {
        JsonNode id = message.get(at);
        if (id == null || !id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() < 0 || id.asLong() > MAX_ID) {
            throw violation(what + " must be an id (a whole number from 0 to 2^53), got "
                    + (id == null ? "nothing" : id.toString()));
        }
        return id.asLong();
    }

    private static String uri(JsonNode message, int at, String what) {
        JsonNode uri = message.get(at);
        if (uri == null || !uri.isTextual() || uri.textValue().isEmpty()) {
            throw violation(what + " must be a URI (a non-empty string), got " + SocketSubjects.describe(uri));
        }
        return uri.textValue();
    }

    private static ObjectNode dict(JsonNode message, int at, String what) {
        JsonNode dict = message.get(at);
        if (dict == null || !dict.isObject()) {
            throw violation(what + " must be a dictionary (a JSON object), got " + SocketSubjects.describe(dict));
        }
        return (ObjectNode) dict;
    }

    /** Arguments|list and ArgumentsKw|dict from {@code at} on, each optional: always both on NATS. */
    private static ArrayNode argsAndKwargs(JsonNode message, int at) {
        JsonNode args = message.size() > at ? message.get(at) : NODES.arrayNode();
        JsonNode kwargs = message.size() > at + 1 ? message.get(at + 1) : NODES.objectNode();
        if (!args.isArray()) {
            throw violation("Arguments must be a list, got " + SocketSubjects.describe(args));
        }
        if (!kwargs.isObject()) {
            throw violation("ArgumentsKw must be a dictionary, got " + SocketSubjects.describe(kwargs));
        }
        return NODES.arrayNode().add(args).add(kwargs);
    }

    private static boolean flag(ObjectNode options, String name, boolean absent) {
        JsonNode value = options.get(name);
        if (value == null) {
            return absent;
        }
        if (!value.isBoolean()) {
            throw violation("option " + name + " must be true or false, got " + value);
        }
        return value.booleanValue();
    }

    private static Object textOrNode(JsonNode node) {
        return node.isTextual() ? node.textValue() : node;
    }

    private static WampAbort violation(String message) {
        return new WampAbort(WampAbort.PROTOCOL_VIOLATION, message);
    }
}
