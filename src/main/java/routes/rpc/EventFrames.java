package routes.rpc;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.Message;

/**
 * The frames a NATS message becomes on the sockets subscribed to it. NATS hands each subscription its own copy of a
 * message, one after another on the same delivery thread, so the frame is rendered once for the first copy and
 * reused for the next ones with the same subject and bytes (a thousand sockets on one subject: one parse, not a
 * thousand). WAMP subscribers of one publication share its publication id; a subscription that sees the same bytes
 * again is getting a new publication.
 */
final class EventFrames {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ThreadLocal<Last> LAST = ThreadLocal.withInitial(Last::new);

    private EventFrames() {
    }

    /** JSON actions: {@code {"subject": ..., "data": ...}}. */
    static String actions(Message message) {
        Last last = last(message);
        if (last.actions == null) {
            ObjectNode event = NODES.objectNode().put("subject", message.getSubject());
            event.set("data", last.payload());
            last.actions = event.toString();
        }
        return last.actions;
    }

    /** WAMP: {@code [36, subscription, publication, {"topic": subject}, args, kwargs]}. */
    static Function<Message, String> wamp(long subscription) {
        String head = "[" + WampMessages.EVENT + "," + subscription + ",";
        return message -> {
            Last last = last(message);
            if (!last.wampSubscriptions.add(subscription)) {
                last.newPublication();
                last.wampSubscriptions.add(subscription);
            }
            if (last.wampTail == null) {
                last.wampTail = wampTail(message.getSubject(), last.payload());
            }
            return head + last.publication + last.wampTail;
        };
    }

    private static String wampTail(String subject, JsonNode payload) {
        var tail = NODES.arrayNode();
        tail.addObject().put("topic", subject);
        if (payload.isArray() && payload.size() == 2 && payload.get(0).isArray() && payload.get(1).isObject()) {
            tail.add(payload.get(0)).add(payload.get(1));
        } else {
            tail.addArray().add(payload);
            tail.addObject();
        }
        String array = tail.toString();
        return "," + array.substring(1);
    }

    private static Last last(Message message) {
        Last last = LAST.get();
        byte[] data = message.getData();
        if (!message.getSubject().equals(last.subject) || !Arrays.equals(data, last.data)) {
            last.subject = message.getSubject();
            last.data = data;
            last.actions = null;
            last.wampTail = null;
            last.newPublication();
        }
        return last;
    }

    private static final class Last {
        String subject;
        byte[] data;
        String actions;
        String wampTail;
        long publication;
        final Set<Long> wampSubscriptions = new HashSet<>();

        JsonNode payload() {
            return RpcBridgeCall.payload(data);
        }

        void newPublication() {
            publication = WampMessages.randomId();
            wampSubscriptions.clear();
        }
    }
}
