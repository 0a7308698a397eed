package routes.ppv;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.Exchange;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;

/**
 * The orders this worker has sent to billing, by correlation id, with the answer obtained: a message the broker
 * delivers again (its first delivery's reply or acknowledgement was lost) is answered from here instead of reaching
 * billing twice. An answer still on its way is waited for (up to {@code waitMillis}). Entries are kept for
 * {@code keepMillis} (beyond that a message has expired by its TTL anyway), at most {@code maxEntries}.
 * <p>
 * Kept in this process's memory. A redelivery this process has no record of (the worker that took it first died,
 * perhaps after sending it to billing) is not sent at all: it is answered with the billing line's failure code and
 * kept on the invalid queue for reconciliation. With a prefetch of 1 per consumer only the orders being worked on
 * when a worker died are such redeliveries.
 */
public final class SentOrders {

    static final String CORRELATION_ID = SpringRabbitMQConstants.CORRELATION_ID;
    // the claimed id, not the answer's future: Camel's dev-profile tracer converts every property for its dump, and a
    // CompletableFuture property converts by waiting for it, which held the route forever
    private static final String CLAIMED = "ppvClaimed";
    /** Exchange property: true when the order was sent before and the body is the answer obtained then. */
    public static final String SENT_BEFORE = "sentBefore";
    /**
     * Exchange property: true for a redelivery this process has no record of (another worker, or this one before a
     * restart, took it first, and may have sent it to billing): it is not sent, the body is {@code whenUnknown}.
     */
    public static final String UNKNOWN_REDELIVERY = "unknownRedelivery";
    static final String REDELIVERED = SpringRabbitMQConstants.REDELIVERED;

    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private long keepMillis = 60_000;
    private long waitMillis = 10_000;
    private int maxEntries = 100_000;
    private String whenUnknown = "ER444";

    private record Sent(CompletableFuture<String> answer, long sentAtNanos) {
    }

    public void setKeepMillis(long keepMillis) {
        this.keepMillis = keepMillis;
    }

    public void setWaitMillis(long waitMillis) {
        this.waitMillis = waitMillis;
    }

    /** The answer to a redelivery whose first delivery's answer never came (the billing line's failure code). */
    public void setWhenUnknown(String code) {
        this.whenUnknown = code;
    }

    public void setMaxEntries(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /**
     * Claims the message's correlation id for a call to billing (a new id, or none). When it was sent before, the
     * property {@link #SENT_BEFORE} is true and the body is the answer obtained then (or {@code whenUnknown} if that
     * answer never came).
     */
    public void claim(Exchange exchange) {
        String id = exchange.getMessage().getHeader(CORRELATION_ID, String.class);
        exchange.setProperty(SENT_BEFORE, false);
        exchange.setProperty(UNKNOWN_REDELIVERY, false);
        if (id == null || id.isEmpty()) {
            return;
        }
        forgetOld();
        Sent mine = new Sent(new CompletableFuture<>(), System.nanoTime());
        Sent before = sent.putIfAbsent(id, mine);
        if (before == null) {
            if (exchange.getMessage().getHeader(REDELIVERED, false, Boolean.class)) {
                // billing may have it already: an order is never sent twice, so this one is not sent at all
                sent.remove(id, mine);
                exchange.setProperty(UNKNOWN_REDELIVERY, true);
                exchange.getMessage().setBody(whenUnknown);
                return;
            }
            exchange.setProperty(CLAIMED, id);
            return;
        }
        exchange.setProperty(SENT_BEFORE, true);
        exchange.getMessage().setBody(awaited(before.answer()));
    }

    /** The claimed call's answer (the body), for a later delivery of the same message. */
    public void answered(Exchange exchange) {
        String id = exchange.getProperty(CLAIMED, String.class);
        Sent mine = id == null ? null : sent.get(id);
        if (mine != null) {
            mine.answer().complete(exchange.getMessage().getBody(String.class));
        }
    }

    int remembered() {
        return sent.size();
    }

    private String awaited(CompletableFuture<String> answer) {
        try {
            return answer.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return whenUnknown;
        } catch (ExecutionException | TimeoutException e) {
            return whenUnknown;
        }
    }

    private void forgetOld() {
        if (sent.size() < maxEntries) {
            return;
        }
        long oldest = System.nanoTime() - Duration.ofMillis(keepMillis).toNanos();
        sent.values().removeIf(entry -> entry.sentAtNanos() - oldest < 0);
        if (sent.size() >= maxEntries) {
            // all recent: drop the oldest half rather than grow without bound
            sent.values().stream().map(Sent::sentAtNanos).sorted().skip(maxEntries / 2).findFirst()
                    .ifPresent(cut -> sent.values().removeIf(entry -> entry.sentAtNanos() - cut < 0));
        }
    }
}
