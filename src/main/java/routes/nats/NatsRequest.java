package routes.nats;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
    private final LazyTimers timers = new LazyTimers(this, TIMER_THREADS_NAME);
    private volatile ReplyInboxes inboxes;

    /** Threads that fire timeouts; a timed-out request is answered on the thread that fired it. */
    public void setTimerThreads(int timerThreads) {
        this.timerThreads = timerThreads;
    }

    /** Threads the replies arrive on, and the routes go on from (one inbox subscription each). */
    public void setReplyThreads(int replyThreads) {
        if (replyThreads < 1) {
            throw new IllegalArgumentException("natsRequest needs at least one reply thread, got " + replyThreads);
        }
        this.replyThreads = replyThreads;
    }

    /** Requests waiting for their reply or their timeout right now. */
    public int waiting() {
        ReplyInboxes current = inboxes;
        return current == null ? 0 : current.waiting();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Connection connection = SharedConnection.of(exchange.getContext());
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            // jnats would buffer the request until it reconnects, and the caller would wait out the timeout
            exchange.setException(new NatsUnavailable("NATS connection is " + connection.getStatus()));
            callback.done(true);
            return true;
        }
        String subject = exchange.getProperty(SUBJECT, String.class);
        Long timeoutMillis = exchange.getProperty(TIMEOUT_MS, Long.class);
        if (subject == null || timeoutMillis == null) {
            // thrown, it would be lost in Camel's reactive executor and the caller would never be answered
            exchange.setException(new IllegalStateException("natsRequest needs the exchange properties " + SUBJECT + " and " + TIMEOUT_MS
                    + ", which the flow's request bean sets"));
            callback.done(true);
            return true;
        }
        Headers headers = new Headers().put(RequestIds.HEADER, exchange.getProperty(RequestIds.PROPERTY, String.class));
        byte[] body = exchange.getMessage().getBody(byte[].class);
        long sentAt = System.nanoTime();
        ReplyInboxes replies;
        ReplyInboxes.Pending pending;
        try {
            replies = inboxes(connection, exchange);
            pending = replies.request(subject, headers, body == null ? new byte[0] : body);
        } catch (RuntimeException e) {
            exchange.setException(new NatsUnavailable("NATS request not sent: " + e.getMessage()));
            callback.done(true);
            return true;
        }
        CompletableFuture<Message> reply = pending.reply();
        Call call = new Call(exchange, callback, reply, sentAt, () -> replies.forget(pending.token()));
        try {
            call.timer = timers.get(exchange.getContext(), timerThreads).schedule(call::timedOut, timeoutMillis,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the timer pool is stopping with the context: answer now rather than wait for a reply without a timeout
            replies.forget(pending.token());
            exchange.setException(new NatsUnavailable("gateway stopping: " + e.getMessage()));
            callback.done(true);
            return true;
        }
        reply.whenComplete(call::replied);
        return false;
    }

    /** The reply subscriptions, made on the first request (the connection may only connect after start-up). */
    private ReplyInboxes inboxes(Connection connection, Exchange exchange) {
        ReplyInboxes current = inboxes;
        if (current != null && current.connection() == connection) {
            return current;
        }
        synchronized (this) {
            if (inboxes == null || inboxes.connection() != connection) {
                inboxes = new ReplyInboxes(connection, replyThreads);
                FlowMetrics.of(exchange.getContext()).watchWaiting(this, NatsRequest::waiting);
            }
            return inboxes;
        }
    }

    @Override
    protected void doStop() throws Exception {
        ReplyInboxes current = inboxes;
        inboxes = null;
        if (current != null && current.connection().getStatus() != Connection.Status.CLOSED) {
            current.close();
        }
        super.doStop();
    }

    /** One request in flight: whichever of the reply and the timer comes first finishes it. */
    private static final class Call {
        private final Exchange exchange;
        private final AsyncCallback callback;
        private final CompletableFuture<Message> reply;
        private final long sentAt;
        private final Runnable forget;
        private final AtomicBoolean finished = new AtomicBoolean();
        private volatile ScheduledFuture<?> timer;

        Call(Exchange exchange, AsyncCallback callback, CompletableFuture<Message> reply, long sentAt, Runnable forget) {
            this.exchange = exchange;
            this.callback = callback;
            this.reply = reply;
            this.sentAt = sentAt;
            this.forget = forget;
        }

        void replied(Message message, Throwable failure) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            ScheduledFuture<?> pending = timer;
            if (pending != null) {
                pending.cancel(false);
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause == null && ReplyInboxes.noResponders(message)) {
                exchange.setException(new NoResponders(exchange.getProperty(SUBJECT, String.class)));
                finish("failed");
            } else if (cause == null) {
                org.apache.camel.Message out = exchange.getMessage();
                out.setBody(message.getData());
                copyErrorHeaders(message, out);
                finish("reply");
            } else {
                exchange.setException(new NatsUnavailable("NATS request failed: " + cause.getMessage()));
                finish("failed");
            }
        }

        void timedOut() {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            forget.run();
            reply.cancel(false);
            exchange.setException(new ExchangeTimedOutException(exchange, exchange.getProperty(TIMEOUT_MS, Long.class)));
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
