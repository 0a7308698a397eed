package routes.nats;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import routes.http.Json;

/**
 * Asks NATS service discovery who serves what right now: publishes {@code $SRV.INFO} or {@code $SRV.STATS} and
 * gathers the answers until none has come for {@code quietMillis} after the last one, or {@code maxWaitMillis} has
 * passed (all of it when nobody answers). Asynchronous: no thread waits for the answers. Callers asking the same
 * question meanwhile share one round.
 */
public final class ServiceDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceDiscovery.class);
    private static final String TIMER_THREADS_NAME = "ServiceDiscovery";

    private long maxWaitMillis = 500;
    private long quietMillis = 50;
    private final Map<String, CompletableFuture<List<byte[]>>> rounds = new ConcurrentHashMap<>();
    private final LazyTimers timers = new LazyTimers(this, TIMER_THREADS_NAME);
    private volatile Dispatcher dispatcher;

    public void setMaxWaitMillis(long maxWaitMillis) {
        this.maxWaitMillis = maxWaitMillis;
    }

    public void setQuietMillis(long quietMillis) {
        this.quietMillis = quietMillis;
    }

    public CompletableFuture<List<Discovery.Info>> info(CamelContext context) {
        return ask(context, Discovery.INFO).thenApply(answers -> parse(answers, Discovery.Info.class));
    }

    public CompletableFuture<List<Discovery.Stats>> stats(CamelContext context) {
        return ask(context, Discovery.STATS).thenApply(answers -> parse(answers, Discovery.Stats.class));
    }

    private CompletableFuture<List<byte[]>> ask(CamelContext context, String verb) {
        CompletableFuture<List<byte[]>> round = new CompletableFuture<>();
        CompletableFuture<List<byte[]>> running = rounds.putIfAbsent(verb, round);
        if (running != null) {
            return running;
        }
        round.whenComplete((answers, failure) -> rounds.remove(verb, round));
        try {
            start(context, verb, round);
        } catch (RuntimeException e) {
            round.completeExceptionally(e);
        }
        return round;
    }

    private void start(CamelContext context, String verb, CompletableFuture<List<byte[]>> round) {
        Connection connection = SharedConnection.of(context);
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            throw new NatsRequest.NatsUnavailable("NATS connection is " + connection.getStatus());
        }
        Dispatcher answers = dispatcher(connection);
        String inbox = connection.createInbox();
        Round gathering = new Round(round, answers, inbox);
        answers.subscribe(inbox, gathering::answered);
        gathering.timers = timers.get(context, 1);
        gathering.deadline = gathering.timers.schedule(gathering::finish, maxWaitMillis, TimeUnit.MILLISECONDS);
        connection.publish(Discovery.PREFIX + "." + verb, inbox, null);
    }

    /** One question: the answers so far, finished when quiet or at the deadline. */
    private final class Round {
        private final CompletableFuture<List<byte[]>> result;
        private final Dispatcher answers;
        private final String inbox;
        private final List<byte[]> received = new ArrayList<>();
        private volatile ScheduledExecutorService timers;
        private volatile ScheduledFuture<?> deadline;
        private ScheduledFuture<?> quiet;

        Round(CompletableFuture<List<byte[]>> result, Dispatcher answers, String inbox) {
            this.result = result;
            this.answers = answers;
            this.inbox = inbox;
        }

        synchronized void answered(Message message) {
            if (result.isDone()) {
                return;
            }
            if (message.isStatusMessage()) {
                // "no responders": no service at all answers discovery
                finish();
                return;
            }
            received.add(message.getData());
            if (quiet != null) {
                quiet.cancel(false);
            }
            quiet = timers.schedule(this::finish, quietMillis, TimeUnit.MILLISECONDS);
        }

        synchronized void finish() {
            if (result.isDone()) {
                return;
            }
            if (deadline != null) {
                deadline.cancel(false);
            }
            if (quiet != null) {
                quiet.cancel(false);
            }
            try {
                answers.unsubscribe(inbox);
            } catch (RuntimeException e) {
                LOG.debug("discovery inbox {} not unsubscribed: {}", inbox, e.toString());
            }
            result.complete(List.copyOf(received));
        }
    }

    private static <T> List<T> parse(List<byte[]> answers, Class<T> type) {
        List<T> parsed = new ArrayList<>();
        for (byte[] answer : answers) {
            try {
                parsed.add(Json.MAPPER.readValue(answer, type));
            } catch (IOException e) {
                LOG.debug("a discovery answer that is not a {}: {}", type.getSimpleName(), e.getMessage());
            }
        }
        return parsed;
    }

    private Dispatcher dispatcher(Connection connection) {
        Dispatcher active = dispatcher;
        if (active == null || !active.isActive()) {
            synchronized (this) {
                if (dispatcher == null || !dispatcher.isActive()) {
                    dispatcher = connection.createDispatcher();
                }
                active = dispatcher;
            }
        }
        return active;
    }
}
