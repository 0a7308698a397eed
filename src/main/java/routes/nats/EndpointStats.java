package routes.nats;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one service endpoint has answered, as the NATS services protocol reports it in {@code $SRV.STATS}: requests
 * received, error replies, and the time from receipt to reply (an asynchronous route is timed to its reply, not to
 * the moment its consumer thread was free again).
 */
final class EndpointStats {

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong processingNanos = new AtomicLong();
    private volatile String lastError = "";

    void received() {
        requests.incrementAndGet();
    }

    /** A reply was sent (or the request needed none); {@code error} is null for a success. */
    void answered(long nanos, String error) {
        processingNanos.addAndGet(nanos);
        if (error != null) {
            errors.incrementAndGet();
            lastError = error;
        }
    }

    long requests() {
        return requests.get();
    }

    long errors() {
        return errors.get();
    }

    long processingNanos() {
        return processingNanos.get();
    }

    String lastError() {
        return lastError;
    }
}
