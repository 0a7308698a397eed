package routes.nats;

import java.util.concurrent.ScheduledExecutorService;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.SizedScheduledExecutorService;

/**
 * A scheduled thread pool a bean makes on first use, from the Camel context's executor service manager, which
 * shuts it down with the context (beans created from YAML have no start of their own to make it in).
 */
final class LazyTimers {

    private static final int UNBOUNDED = -1;

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
                    // unbounded: one timer per request in flight, and Camel's default limit (1000 tasks) would
                    // refuse the timer of every request beyond it (DESIGN.md trap 3)
                    ThreadPoolProfile profile = new ThreadPoolProfile(name);
                    profile.setPoolSize(threads);
                    profile.setMaxQueueSize(UNBOUNDED);
                    pool = context.getExecutorServiceManager().newScheduledThreadPool(owner, name, profile);
                    // timers still pending when the context stops are dropped: Camel would otherwise wait for them
                    // (up to its shutdown-await-termination) on top of the shutdown timeout
                    if (pool instanceof SizedScheduledExecutorService sized) {
                        sized.getScheduledThreadPoolExecutor().setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
                    }
                }
                made = pool;
            }
        }
        return made;
    }
}
