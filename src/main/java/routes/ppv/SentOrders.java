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
 * Kept in this process's memory: a redelivery to another worker process, or after this one restarted, is not
 * recognised.
 */
public final class SentOrders {

    static final String CORRELATION_ID = SpringRabbitMQConstants.CORRELATION_ID;
    private static final String ANSWER = "ppvAnswerPromise";
    /** Exchange property: true when the order was sent before and the body is the answer obtained then. */
    public static final String SENT_BEFORE = "sentBefore";

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
        if (id == null || id.isEmpty()) {
            return;
        }
        forgetOld();
        Sent mine = new Sent(new CompletableFuture<>(), System.nanoTime());
        Sent before = sent.putIfAbsent(id, mine);
        if (before == null) {
            exchange.setProperty(ANSWER, mine.answer());
            return;
        }
        exchange.setProperty(SENT_BEFORE, true);
        exchange.getMessage().setBody(awaited(before.answer()));
    }

    /** The claimed call's answer (the body), for a later delivery of the same message. */
    public void answered(Exchange exchange) {
        @SuppressWarnings("unchecked")
        CompletableFuture<String> answer = exchange.getProperty(ANSWER, CompletableFuture.class);
        if (answer != null) {
            answer.complete(exchange.getMessage().getBody(String.class));
        }
    }

    int size() {
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
