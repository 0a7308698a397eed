package routes.observe;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractOutputStreamAppender;

/**
 * Log lines are written in batches: the appenders of log4j2.properties buffer them (no write per line: with one
 * line per request on each side of the broker, a write per line cost about a quarter of the gateway's CPU), and
 * this class writes the buffers out every {@code log.flush-interval-ms}, and at exit. A line therefore reaches the
 * output at most one interval after it was logged, or at once when the buffer is full.
 * <p>
 * At exit the buffers must be written after Camel has logged its graceful shutdown, which it does from a JVM hook
 * of its own (so Log4j's hook is off): the exit hook waits until the application has {@link #stopped()}, at most
 * {@code longest}, then stops Log4j, which writes everything out. The JVM ends only once every hook has returned.
 */
public final class LogFlush {

    private static ScheduledExecutorService flusher;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Supplier<Duration> longest;
    private final String lastLoggingHook;

    private LogFlush(Supplier<Duration> longest, String lastLoggingHook) {
        this.longest = longest;
        this.lastLoggingHook = lastLoggingHook;
    }

    /** Starts, once for the JVM, the thread that writes the buffered lines out every {@code interval}. */
    public static synchronized void every(Duration interval) {
        if (flusher != null) {
            return;
        }
        flusher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "log-flush");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleWithFixedDelay(LogFlush::flush, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Writes out what every buffered appender holds. */
    public static void flush() {
        if (LogManager.getContext(false) instanceof LoggerContext context) {
            for (Appender appender : context.getConfiguration().getAppenders().values()) {
                if (appender instanceof AbstractOutputStreamAppender<?> stream && stream.isStarted()) {
                    stream.getManager().flush();
                }
            }
        }
    }

    /**
     * Installs the exit hook; {@code longest} is read when the JVM exits (settings are loaded by then). The hook
     * also waits for the thread whose name ends with {@code lastLoggingHook} (another shutdown hook that logs once
     * the application has stopped), within the same bound.
     */
    public static LogFlush atExit(Supplier<Duration> longest, String lastLoggingHook) {
        LogFlush flush = new LogFlush(longest, lastLoggingHook);
        Runtime.getRuntime().addShutdownHook(new Thread(flush::flushOnceStopped, "log-flush-at-exit"));
        return flush;
    }

    /** The application has stopped: nothing more to wait for. */
    public void stopped() {
        stopped.countDown();
    }

    private void flushOnceStopped() {
        long deadline = System.nanoTime() + longest.get().toNanos();
        try {
            stopped.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread != Thread.currentThread() && thread.getName().endsWith(lastLoggingHook)) {
                    thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LogManager.shutdown();
    }
}
