package routes.observe;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ExchangeTimedOutException;
import org.apache.camel.component.nats.NatsEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Times every NATS request-reply a flow makes (exchanges that carry the {@code flow} property), from the send to
 * the reply, the timeout or the failure, as Camel reports it once the NATS producer is done.
 */
final class NatsRoundTrips extends EventNotifierSupport {

    /** The exchange property a flow's gateway route sets to its name. */
    static final String FLOW = "flow";
    private static final String SENT_AT = "natsSentAtNanos";

    private final FlowMetrics metrics;

    NatsRoundTrips(FlowMetrics metrics) {
        this.metrics = metrics;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return (event instanceof ExchangeSendingEvent sending && isFlowRequest(sending.getEndpoint(), sending.getExchange()))
                || (event instanceof ExchangeSentEvent sent && isFlowRequest(sent.getEndpoint(), sent.getExchange()));
    }

    private static boolean isFlowRequest(Endpoint endpoint, Exchange exchange) {
        return endpoint instanceof NatsEndpoint && exchange.getPattern() == ExchangePattern.InOut
                && exchange.getProperty(FLOW) != null;
    }

    // Camel's own time taken is in whole milliseconds; round trips are often below one
    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        if (event instanceof ExchangeSendingEvent) {
            exchange.setProperty(SENT_AT, System.nanoTime());
            return;
        }
        Long sentAt = exchange.getProperty(SENT_AT, Long.class);
        if (sentAt == null) {
            return;
        }
        Exception failure = exchange.getException();
        String outcome = failure == null ? "reply" : failure instanceof ExchangeTimedOutException ? "timeout" : "failed";
        metrics.natsRoundTrip(exchange.getProperty(FLOW, String.class), outcome, System.nanoTime() - sentAt);
    }
}
