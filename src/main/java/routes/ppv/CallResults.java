package routes.ppv;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;

import routes.http.RequestIds;
import routes.observe.FlowMetrics;
import routes.observe.RequestOutcomes;

/**
 * The gateway side of ppv: an HTTP body becomes the queue message the old worker reads, and whatever happens
 * becomes {@code {"callresult": CODE}}. With the legacy status mode (the IVR's) every answer is 200; with strict,
 * the status follows the outcome (ppv.md). The codes are settings, under the old configuration's names.
 */
public final class CallResults {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/json";
    private static final String ENCODING = "utf-8";
    private static final String FLOW = "ppv";
    private static final String OK = "OK";

    private String invalidRequest = "ER996";
    private String refused = "ER998";
    private String wizardFailed = "ER444";
    private String timedOut = "ER995";
    private String brokerUnavailable = "ER997";
    private boolean strict;

    public void setInvalidRequest(String code) {
        this.invalidRequest = code;
    }

    public void setRefused(String code) {
        this.refused = code;
    }

    public void setWizardFailed(String code) {
        this.wizardFailed = code;
    }

    public void setTimedOut(String code) {
        this.timedOut = code;
    }

    public void setBrokerUnavailable(String code) {
        this.brokerUnavailable = code;
    }

    /** {@code legacy} (every answer 200) or {@code strict} (the status follows the outcome). */
    public void setStatusMode(String mode) {
        switch (mode.trim()) {
            case "legacy" -> strict = false;
            case "strict" -> strict = true;
            default -> throw new IllegalArgumentException("ppv.http-status (env PPV_HTTP_STATUS) is legacy or strict, not '"
                    + mode + "'");
        }
    }

    /**
     * Checks the HTTP body (throws {@link OrderSteps.Invalid}) and makes the queue message as the old gateway did:
     * the content string as received, or an object in the old notation; UTF-8 JSON with a timestamp and a message id.
     * Only X-Request-Id travels as a header.
     */
    public void toBroker(Exchange exchange) {
        Message message = exchange.getMessage();
        byte[] body = message.getBody(byte[].class);
        OrderSteps.Received received = OrderSteps.receivedOverHttp(body == null ? new byte[0] : body);
        exchange.setProperty(RequestOutcomes.REPLY_KEY, received.step().connid());
        message.getHeaders().clear();
        message.setHeader(SpringRabbitMQConstants.CONTENT_TYPE, CONTENT_TYPE);
        message.setHeader(SpringRabbitMQConstants.CONTENT_ENCODING, ENCODING);
        message.setHeader(SpringRabbitMQConstants.MESSAGE_ID, UUID.randomUUID().toString());
        message.setHeader(SpringRabbitMQConstants.CORRELATION_ID, UUID.randomUUID().toString());
        message.setHeader(SpringRabbitMQConstants.TIMESTAMP, new Date());
        message.setHeader(RequestIds.HEADER, exchange.getProperty(RequestIds.PROPERTY, String.class));
        message.setBody(received.queueText().getBytes(StandardCharsets.UTF_8));
    }

    /** The worker's answer (the wizard's text, or a code), cut at its first CR as the old gateway did. */
    public void replied(Exchange exchange) {
        Object reply = exchange.getMessage().getBody();
        String text = reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(reply);
        int cr = text.indexOf('\r');
        answer(exchange, cr < 0 ? text : text.substring(0, cr));
    }

    public void invalid(Exchange exchange) {
        answer(exchange, invalidRequest);
    }

    public void timedOut(Exchange exchange) {
        answer(exchange, timedOut);
    }

    public void unavailable(Exchange exchange) {
        answer(exchange, brokerUnavailable);
    }

    private void answer(Exchange exchange, String code) {
        FlowMetrics.of(exchange.getContext()).outcome(FLOW, counted(code));
        exchange.setProperty(RequestOutcomes.OUTCOME, code);
        Message message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, strict ? strictStatus(code) : 200);
        try {
            message.setBody(JSON.writeValueAsBytes(Map.of("callresult", code)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string map is always JSON", e);
        }
    }

    /** The outcome a metric counts: OK and the codes by name, any other text of the wizard's as "other". */
    String counted(String code) {
        if (code.equals(OK) || code.equals(invalidRequest) || code.equals(refused) || code.equals(wizardFailed)
                || code.equals(timedOut) || code.equals(brokerUnavailable)) {
            return code;
        }
        return "other";
    }

    int strictStatus(String code) {
        if (code.equals(invalidRequest) || code.equals(refused)) {
            return 400;
        }
        if (code.equals(wizardFailed)) {
            return 502;
        }
        if (code.equals(timedOut)) {
            return 504;
        }
        if (code.equals(brokerUnavailable)) {
            return 503;
        }
        return 200;
    }
}
