package routes.ppv;

import java.nio.charset.StandardCharsets;
import java.util.Date;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;

import routes.http.RequestIds;
import routes.observe.FlowMetrics;
import routes.observe.RequestOutcomes;

/**
 * The worker side of ppv, step by step: read the queue message in either notation (Bean Validation included), tell
 * a stale message, make the wizard's request frame, and turn the wizard's reply frame (or its failure) into the
 * reply text the old gateway expects: the status and a CR ({@code OK\r}), or a code.
 */
public final class OrderWork {

    /** Exchange properties the worker route reads. */
    public static final String STEP = "orderStep";
    public static final String LINE = "wizardLine";
    /** The message's text as it came, for the invalid queue's record. */
    public static final String TEXT = "orderText";
    private static final String FLOW = "ppv";
    private static final String WIZARD = "wizard";
    private static final String OUTCOME = "ppvOutcome";
    private static final String SENT_AT = "ppvWizardSentAt";

    private int lineStart = 1;
    private int lineEnd = 30;
    private volatile WizardLine wizardLine;
    private long ttlMillis = 30_000;
    private String refused = "ER998";
    private String wizardFailed = "ER444";
    private String timedOut = "ER995";

    public void setLineStart(int start) {
        lineStart = start;
        wizardLine = null;
    }

    public void setLineEnd(int end) {
        lineEnd = end;
        wizardLine = null;
    }

    /** Built at first use, once both ends of the range are set (a wrong range is refused then, named). */
    private WizardLine wizardLine() {
        WizardLine line = wizardLine;
        if (line == null) {
            line = new WizardLine(lineStart, lineEnd);
            wizardLine = line;
        }
        return line;
    }

    public void setTtlMillis(long ttlMillis) {
        this.ttlMillis = ttlMillis;
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

    /** First step: the request id (the caller's X-Request-Id, else the correlation id) and the clock. */
    public void received(Exchange exchange) {
        RequestOutcomes.received(exchange);
        Message message = exchange.getMessage();
        String id = message.getHeader(RequestIds.HEADER, String.class);
        if (id == null) {
            id = message.getHeader(SpringRabbitMQConstants.CORRELATION_ID, String.class);
        }
        exchange.setProperty(RequestOutcomes.REQUEST_ID, id);
        exchange.setProperty(TEXT, text(message));
    }

    /** The message's order step, checked (throws {@link OrderSteps.Invalid}); kept as a property. */
    public void read(Exchange exchange) {
        OrderStep step = OrderSteps.fromMessage(exchange.getProperty(TEXT, String.class));
        exchange.setProperty(STEP, step);
    }

    /** Taken after its TTL (its timestamp says when it was sent): billing is not to see it any more. */
    public boolean isStale(Exchange exchange) {
        Date sent = exchange.getMessage().getHeader(SpringRabbitMQConstants.TIMESTAMP, Date.class);
        return sent != null && System.currentTimeMillis() - sent.getTime() > ttlMillis;
    }

    /** The body becomes the request frame of the step. */
    public void frame(Exchange exchange) {
        OrderStep step = exchange.getProperty(STEP, OrderStep.class);
        WizardLine line = wizardLine();
        exchange.setProperty(LINE, line.line(step.connid()));
        exchange.getMessage().setBody(line.request(step.connid(), step.kind(), step.value()));
        exchange.setProperty(SENT_AT, System.nanoTime());
    }

    /** The wizard's reply frame (read up to its CR) becomes the reply: its status and a CR, or ER444 if it is no reply. */
    public void wizardAnswered(Exchange exchange) {
        // a reply frame arrives as text (the decoders'); with disconnect=true, camel-netty leaves the request's bytes
        // as the body when the connection closes before a whole reply came
        if (!(exchange.getMessage().getBody() instanceof String frame)) {
            wizardFailed(exchange);
            return;
        }
        String status = WizardLine.status(frame, exchange.getProperty(LINE, String.class));
        exchange.getMessage().setBody(status == null ? wizardFailed : status + WizardLine.CR);
        billingDone(exchange, status == null ? "not-a-reply" : "answered");
    }

    /** The billing line failed: unreachable, silent past the read timeout, closed early, a frame too long. */
    public void wizardFailed(Exchange exchange) {
        exchange.getMessage().setBody(wizardFailed);
        billingDone(exchange, "failed");
    }

    public void refused(Exchange exchange) {
        exchange.getMessage().setBody(refused);
        exchange.setProperty(OUTCOME, "refused");
    }

    public void stale(Exchange exchange) {
        exchange.getMessage().setBody(timedOut);
        exchange.setProperty(OUTCOME, "stale");
    }

    private static void billingDone(Exchange exchange, String outcome) {
        exchange.setProperty(OUTCOME, outcome);
        Long sentAt = exchange.getProperty(SENT_AT, Long.class);
        if (sentAt != null) {
            FlowMetrics.of(exchange.getContext()).backendRoundTrip(FLOW, WIZARD, outcome, System.nanoTime() - sentAt);
        }
    }

    /**
     * Last step: counted and logged with the call's connid (an unreadable message has none) and the outcome:
     * answered (by billing), not-a-reply, failed, refused, stale, resent (a redelivery answered from before), or
     * withheld (a redelivery this process has no record of, not sent).
     */
    public void answered(Exchange exchange) {
        OrderStep step = exchange.getProperty(STEP, OrderStep.class);
        String outcome = Boolean.TRUE.equals(exchange.getProperty(SentOrders.SENT_BEFORE, Boolean.class)) ? "resent"
                : Boolean.TRUE.equals(exchange.getProperty(SentOrders.UNKNOWN_REDELIVERY, Boolean.class)) ? "withheld"
                : exchange.getProperty(OUTCOME, "unknown", String.class);
        RequestOutcomes.workerAnswered(exchange, FLOW, "connid", step == null ? null : step.connid(), outcome);
    }

    static String text(Message message) {
        Object body = message.getBody();
        if (body instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return body == null ? "" : body.toString();
    }
}
