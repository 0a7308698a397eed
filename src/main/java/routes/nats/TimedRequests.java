package routes.nats;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import org.apache.camel.CamelContext;

/**
 * NATS request-reply with a timeout and no thread held: the request goes out with a reply subject of this process's
 * {@link ReplyInboxes}, a timer is set, and whichever of the reply and the timer comes first tells the
 * {@link Outcome}; the other is dropped. Replies arrive on the inboxes' threads, timeouts on the timer threads.
 * Shared by the gateway's {@code natsRequest} and the {@code jetstream:} producer (a JetStream publish is a request
 * whose reply is the acknowledgement).
 */
final class TimedRequests {

    /** Exactly one of these is called for each request sent. */
    interface Outcome {
        void replied(Message reply);

        void timedOut();
    }

    private final LazyTimers timers;
    private final IntSupplier timerThreads;
    private final IntSupplier replyThreads;
    private volatile ReplyInboxes inboxes;

    /**
     * Nothing is made until the first request: the thread counts are read then (the owner's settings, which
     * Camel sets after construction), the timers and the reply subscriptions made.
     */
    TimedRequests(Object owner, String timerThreadsName, IntSupplier timerThreads, IntSupplier replyThreads) {
        this.timers = new LazyTimers(owner, timerThreadsName);
        this.timerThreads = timerThreads;
        this.replyThreads = replyThreads;
    }

    /**
     * Sends the request; {@code outcome} hears of it later. Throws, and tells {@code outcome} nothing, when it was not
     * sent: a {@link RuntimeException} from the connection, or a {@link RejectedExecutionException} when the timer
     * pool is stopping with the context.
     */
    void send(CamelContext context, Connection connection, String subject, Headers headers, byte[] body,
            long timeoutMillis, Outcome outcome) {
        ReplyInboxes replies = inboxes(connection);
        ReplyInboxes.Pending pending = replies.request(subject, headers, body == null ? new byte[0] : body);
        Race race = new Race(outcome, () -> replies.forget(pending.token()));
        try {
            race.timer = timers.get(context, timerThreads.getAsInt())
                    .schedule(race::timedOut, timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            replies.forget(pending.token());
            throw e;
        }
        pending.reply().thenAccept(race::replied);
    }

    /** Requests waiting for their reply or their timeout right now. */
    int waiting() {
        ReplyInboxes current = inboxes;
        return current == null ? 0 : current.waiting();
    }

    /** Closes the reply subscriptions (the timers stop with the context); a later request makes them again. */
    void stop() {
        ReplyInboxes current = inboxes;
        inboxes = null;
        if (current != null && current.connection().getStatus() != Connection.Status.CLOSED) {
            current.close();
        }
    }

    /** The reply subscriptions, made on the first request (the connection may only connect after start-up). */
    private ReplyInboxes inboxes(Connection connection) {
        ReplyInboxes current = inboxes;
        if (current != null && current.connection() == connection) {
            return current;
        }
        synchronized (this) {
            if (inboxes == null || inboxes.connection() != connection) {
                inboxes = new ReplyInboxes(connection, replyThreads.getAsInt());
            }
            return inboxes;
        }
    }

    /** One request in flight: the first of its reply and its timer wins. */
    private static final class Race {
        private final Outcome outcome;
        private final Runnable forget;
        private final AtomicBoolean finished = new AtomicBoolean();
        private volatile ScheduledFuture<?> timer;

        Race(Outcome outcome, Runnable forget) {
            this.outcome = outcome;
            this.forget = forget;
        }

        void replied(Message reply) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            ScheduledFuture<?> pending = timer;
            if (pending != null) {
                pending.cancel(false);
            }
            outcome.replied(reply);
        }

        void timedOut() {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            forget.run();
            outcome.timedOut();
        }
    }
}
