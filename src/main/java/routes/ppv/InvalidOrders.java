package routes.ppv;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.springframework.amqp.core.MessageDeliveryMode;

import routes.http.Violation;

/**
 * What the durable invalid queue keeps of a message the worker did not send to billing: why (refused by the rules,
 * stale, or redelivered with its first outcome unknown), every violation, the message's text as it came, and its correlation id, reply queue and timestamps.
 * The reply the caller gets is kept aside meanwhile and put back after the record is published.
 */
public final class InvalidOrders {

    public static final String REFUSED = "refused";
    public static final String STALE = "stale";
    public static final String REDELIVERED = "redelivered";
    private static final String REPLY = "ppvReply";
    private static final ObjectMapper JSON = new ObjectMapper();

    private InvalidOrders() {
    }

    /** In the doCatch of the read step: the refusal's violations, for the record. */
    public static void refused(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        List<Violation> violations = caught instanceof OrderSteps.Invalid invalid ? invalid.violations()
                : List.of(Violation.of(Violation.BODY, String.valueOf(caught)));
        exchange.setProperty(REFUSED, violations);
    }

    /** The body (the reply) is kept aside, and becomes the record of a message refused by the rules. */
    public static void recordRefused(Exchange exchange) {
        record(exchange, REFUSED);
    }

    /** The same, for a message taken after its TTL. */
    public static void recordStale(Exchange exchange) {
        record(exchange, STALE);
    }

    /** The same, for a redelivery whose first delivery may have reached billing (not sent again). */
    public static void recordRedelivered(Exchange exchange) {
        record(exchange, REDELIVERED);
    }

    static void record(Exchange exchange, String reason) {
        Message message = exchange.getMessage();
        String reply = message.getBody(String.class);
        exchange.setProperty(REPLY, reply);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("reason", reason);
        record.put("reply", reply);
        Object violations = exchange.getProperty(REFUSED);
        if (violations != null) {
            record.put("violations", violations);
        }
        record.put("message", exchange.getProperty(OrderWork.TEXT, String.class));
        record.put("correlation_id", message.getHeader(SpringRabbitMQConstants.CORRELATION_ID, String.class));
        record.put("reply_to", message.getHeader(SpringRabbitMQConstants.REPLY_TO, String.class));
        Date sent = message.getHeader(SpringRabbitMQConstants.TIMESTAMP, Date.class);
        record.put("sent_at", sent == null ? null : sent.toInstant().toString());
        record.put("recorded_at", Instant.now().toString());
        // kept across a broker restart
        message.setHeader(SpringRabbitMQConstants.DELIVERY_MODE, MessageDeliveryMode.PERSISTENT);
        try {
            message.setBody(JSON.writeValueAsBytes(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an invalid order's record is always JSON", e);
        }
    }

    /** After the record is published: the reply comes back as the body. */
    public static void recorded(Exchange exchange) {
        exchange.getMessage().setBody(exchange.getProperty(REPLY, String.class));
    }
}
