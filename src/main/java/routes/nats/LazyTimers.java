package routes.nats;

import java.util.concurrent.ScheduledExecutorService;

import org.apache.camel.CamelContext;

/**
 * A scheduled thread pool a bean makes on first use, from the Camel context's executor service manager, which
 * shuts it down with the context (beans created from YAML have no start of their own to make it in).
 */
final class LazyTimers {

    private final Object owner;
    private final String name;
    private volatile ScheduledExecutorService pool;

    LazyTimers(Object owner, String name) {
        this.owner = owner;
        this.name = name;
    }

    ScheduledExecutorService get(CamelContext context, int threads) {
        ScheduledExecutorService made = pool;
        if (made == null) {
            synchronized (this) {
                if (pool == null) {
                    pool = context.getExecutorServiceManager().newScheduledThreadPool(owner, name, threads);
                }
                made = pool;
            }
        }
        return made;
    }
}
