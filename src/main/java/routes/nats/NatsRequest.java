package routes.nats;

import routes.observe.AtLeastOne;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeTimedOutException;
import org.apache.camel.support.AsyncProcessorSupport;

import routes.http.RequestIds;
import routes.observe.FlowMetrics;
import routes.observe.RequestOutcomes;

/**
 * The gateway's NATS request-reply, asynchronous: sends the body to the subject in {@link #SUBJECT} with only the
 * request id as a header, and continues the route when the reply comes (body, plus the {@link ServiceErrors}
 * headers a service set), when {@link #TIMEOUT_MS} passes ({@link ExchangeTimedOutException}), or at once when no one
 * serves the subject ({@link NoResponders}) or the connection is down ({@link NatsUnavailable}).
 * <p>
 * Why not camel-nats' producer: it cannot take a timeout per request, drops the reply's headers, and leaves one
 * timeout task queued per request until it fires (DESIGN.md trap 3). Here the timer is cancelled by the reply.
 * Why not jnats' own request(): it delivers every reply of the connection on one thread (fact 22), and the route
 * goes on from there; replies here arrive on {@link #setReplyThreads} threads ({@link ReplyInboxes}).
 * A request waiting holds no thread: only its timer and an entry of the inboxes' table.
 * Round trips are timed into {@code gateway_nats_request_duration_seconds}.
 */
public final class NatsRequest extends AsyncProcessorSupport {

    /** Exchange properties the route sets before this step: the subject and the timeout (ms). */
    public static final String SUBJECT = "natsSubject";
    public static final String TIMEOUT_MS = "natsTimeoutMs";
    private static final String TIMER_THREADS_NAME = "NatsRequestTimeouts";

    private int timerThreads = 4;
    private int replyThreads = 2;
    private final TimedRequests requests = new TimedRequests(this, TIMER_THREADS_NAME, () -> timerThreads,
            () -> replyThreads);
    private final AtomicBoolean watched = new AtomicBoolean();

    /** Threads that fire timeouts; a timed-out request is answered on the thread that fired it. */
    public void setTimerThreads(int timerThreads) {
        this.timerThreads = (int) AtLeastOne.check("natsRequest timerThreads", timerThreads);
    }

    /** Threads the replies arrive on, and the routes go on from (one inbox subscription each). */
    public void setReplyThreads(int replyThreads) {
        this.replyThreads = (int) AtLeastOne.check("natsRequest replyThreads", replyThreads);
    }

    /** Requests waiting for their reply or their timeout right now. */
    public int waiting() {
        return requests.waiting();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Connection connection = SharedConnection.of(exchange.getContext());
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            // jnats would buffer the request until it reconnects, and the caller would wait out the timeout
            return failNow(exchange, callback, new NatsUnavailable("NATS connection is " + connection.getStatus()));
        }
        String subject = exchange.getProperty(SUBJECT, String.class);
        Long timeoutMillis = exchange.getProperty(TIMEOUT_MS, Long.class);
        if (subject == null || timeoutMillis == null) {
            // thrown, it would be lost in Camel's reactive executor and the caller would never be answered
            return failNow(exchange, callback, new IllegalStateException("natsRequest needs the exchange properties "
                    + SUBJECT + " and " + TIMEOUT_MS + ", which the flow's request bean sets"));
        }
        Headers headers = new Headers().put(RequestIds.HEADER, exchange.getProperty(RequestIds.PROPERTY, String.class));
        Call call = new Call(exchange, callback, subject, timeoutMillis, System.nanoTime());
        try {
            if (!watched.get() && watched.compareAndSet(false, true)) {
                FlowMetrics.of(exchange.getContext()).watchWaiting(this, NatsRequest::waiting);
            }
            requests.send(exchange.getContext(), connection, subject, headers,
                    exchange.getMessage().getBody(byte[].class), timeoutMillis, call);
        } catch (RejectedExecutionException e) {
            // the timer pool is stopping with the context: answer now rather than wait for a reply without a timeout
            return failNow(exchange, callback, new NatsUnavailable("gateway stopping: " + e.getMessage()));
        } catch (RuntimeException e) {
            return failNow(exchange, callback, new NatsUnavailable("NATS request not sent: " + e.getMessage()));
        }
        return false;
    }

    private static boolean failNow(Exchange exchange, AsyncCallback callback, Exception failure) {
        exchange.setException(failure);
        callback.done(true);
        return true;
    }

    @Override
    protected void doStop() throws Exception {
        requests.stop();
        super.doStop();
    }

    /** One request in flight, finished by its reply or its timeout. */
    private record Call(Exchange exchange, AsyncCallback callback, String subject, long timeoutMillis, long sentAt)
            implements TimedRequests.Outcome {

        @Override
        public void replied(Message message) {
            if (ReplyInboxes.noResponders(message)) {
                exchange.setException(new NoResponders(subject));
                finish("failed");
            } else {
                org.apache.camel.Message out = exchange.getMessage();
                out.setBody(message.getData());
                copyErrorHeaders(message, out);
                finish("reply");
            }
        }

        @Override
        public void timedOut() {
            exchange.setException(new ExchangeTimedOutException(exchange, timeoutMillis));
            finish("timeout");
        }

        private void finish(String outcome) {
            FlowMetrics.of(exchange.getContext()).natsRoundTrip(exchange.getProperty(RequestOutcomes.FLOW, String.class),
                    outcome, System.nanoTime() - sentAt);
            callback.done(false);
        }

        private static void copyErrorHeaders(Message message, org.apache.camel.Message out) {
            out.removeHeader(ServiceErrors.CODE);
            out.removeHeader(ServiceErrors.MESSAGE);
            if (message.hasHeaders()) {
                Headers headers = message.getHeaders();
                if (headers.containsKey(ServiceErrors.CODE)) {
                    out.setHeader(ServiceErrors.CODE, headers.getFirst(ServiceErrors.CODE));
                    out.setHeader(ServiceErrors.MESSAGE, headers.getFirst(ServiceErrors.MESSAGE));
                }
            }
        }
    }

    /** The broker cannot be reached right now. */
    public static final class NatsUnavailable extends RuntimeException {
        public NatsUnavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** Nobody serves the subject now (NATS answered "no responders"). */
    public static final class NoResponders extends RuntimeException {
        public NoResponders(String subject) {
            super("no responders on " + subject, null, false, false);
        }
    }
}
