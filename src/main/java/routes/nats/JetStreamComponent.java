package routes.nats;

import routes.observe.AtLeastOne;
import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code jetstream:<subject>}: publishes the message to a subject a JetStream stream keeps, and goes on once the
 * stream has acknowledged it, holding no thread meanwhile. A missing stream, a refusal or no acknowledgement within
 * {@code ackTimeoutMs} fails the exchange ({@link JetStreamPublisher.NotStored}).
 * <p>
 * Why not camel-nats' JetStream producer: it waits for the acknowledgement on the route's thread, even with
 * {@code jetstreamAsync}, so a NATS consumer's dispatcher thread would store records one after another. The endpoints
 * of a process share one set of reply subscriptions and timers ({@link TimedRequests}).
 */
public final class JetStreamComponent extends DefaultComponent {

    private static final String TIMER_THREADS_NAME = "JetStreamAckTimeouts";

    private long ackTimeoutMs = 1000;
    private int replyThreads = 2;
    private int timerThreads = 1;
    private final TimedRequests requests = new TimedRequests(this, TIMER_THREADS_NAME, () -> timerThreads,
            () -> replyThreads);

    /** How long a publish waits for its acknowledgement unless its endpoint says otherwise. */
    public void setAckTimeoutMs(long ackTimeoutMs) {
        this.ackTimeoutMs = AtLeastOne.check("jetstream: ackTimeoutMs", ackTimeoutMs);
    }

    /** Threads the acknowledgements arrive on, and the routes go on from (one inbox subscription each). */
    public void setReplyThreads(int replyThreads) {
        this.replyThreads = (int) AtLeastOne.check("jetstream replyThreads", replyThreads);
    }

    /** Threads that fire the acknowledgement timeouts. */
    public void setTimerThreads(int timerThreads) {
        this.timerThreads = (int) AtLeastOne.check("jetstream timerThreads", timerThreads);
    }

    long ackTimeoutMs() {
        return ackTimeoutMs;
    }

    TimedRequests requests() {
        return requests;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("jetstream: needs a subject, as in jetstream:football.invalid");
        }
        JetStreamEndpoint endpoint = new JetStreamEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    @Override
    protected void doStop() throws Exception {
        requests.stop();
        super.doStop();
    }
}
