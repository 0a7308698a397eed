package routes.nats;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains every NATS service consumer when the context starts to stop, before Camel stops the routes: the server
 * stops delivering to this process (other members of the queue group take the traffic), and the messages already
 * delivered are still processed and answered (Camel's graceful shutdown then waits for those exchanges). Stopping
 * a consumer without this would unsubscribe at once and drop what was delivered, and the callers would wait out
 * their timeout. All consumers drain at once, within one {@code timeout}.
 */
public final class NatsDrain extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(NatsDrain.class);

    private final CamelContext context;
    private final Duration timeout;

    public NatsDrain(CamelContext context, Duration timeout) {
        this.context = context;
        this.timeout = timeout;
        // Camel makes an event for every exchange and step as long as one notifier may want them: this one does not
        setIgnoreExchangeEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreServiceEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        long started = System.nanoTime();
        Map<String, CompletableFuture<Boolean>> draining = new LinkedHashMap<>();
        for (Route route : context.getRoutes()) {
            if (route.getConsumer() instanceof NatsServiceConsumer consumer) {
                try {
                    draining.put(route.getRouteId(), consumer.drain(timeout));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("route {}: NATS subscription not drained, it stops abruptly: {}", route.getRouteId(), e.toString());
                }
            }
        }
        long deadline = started + timeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
        draining.forEach((routeId, drained) -> {
            boolean complete = await(drained, deadline);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (complete) {
                LOG.info("route {}: NATS subscription drained in {} ms", routeId, millis);
            } else {
                LOG.warn("route {}: NATS subscription not drained within {} ms (nats.drain-timeout-ms)", routeId, millis);
            }
        });
    }

    private static boolean await(CompletableFuture<Boolean> drained, long deadlineNanos) {
        try {
            return drained.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }
}
