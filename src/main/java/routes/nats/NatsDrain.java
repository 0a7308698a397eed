package routes.nats;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.nats.client.Dispatcher;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.nats.NatsConsumer;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains every NATS consumer when the context starts to stop, before Camel stops the routes: the server stops
 * delivering to this process (other members of the queue group take the traffic), and the messages already
 * delivered are still processed and answered. Camel's own consumer stop unsubscribes at once and drops them, and
 * their callers would wait out their timeout.
 * <p>
 * camel-nats keeps its dispatcher private; it is reached by reflection. If an upgrade renames the field, the drain
 * is skipped with a WARN and consumers stop the abrupt way (GracefulShutdownIT then fails).
 */
public final class NatsDrain extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(NatsDrain.class);

    private final CamelContext context;
    private final Duration timeout;

    public NatsDrain(CamelContext context, Duration timeout) {
        this.context = context;
        this.timeout = timeout;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        for (Route route : context.getRoutes()) {
            if (route.getConsumer() instanceof NatsConsumer consumer) {
                drain(route.getRouteId(), consumer);
            }
        }
    }

    private void drain(String routeId, NatsConsumer consumer) {
        long started = System.nanoTime();
        try {
            Field field = NatsConsumer.class.getDeclaredField("dispatcher");
            field.setAccessible(true);
            Dispatcher dispatcher = (Dispatcher) field.get(consumer);
            if (dispatcher == null || !dispatcher.isActive()) {
                return;
            }
            CompletableFuture<Boolean> drained = dispatcher.drain(timeout);
            boolean complete = drained.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            // drained and closed: Camel's stop must not unsubscribe it again
            field.set(consumer, null);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (complete) {
                LOG.info("route {}: NATS subscription drained in {} ms", routeId, millis);
            } else {
                LOG.warn("route {}: NATS subscription not drained within {} ms (nats.drain-timeout-ms)", routeId, millis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ReflectiveOperationException | RuntimeException | java.util.concurrent.ExecutionException
                 | java.util.concurrent.TimeoutException e) {
            LOG.warn("route {}: NATS subscription not drained, it stops abruptly: {}", routeId, e.toString());
        }
    }
}
