package routes.nats;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;

import routes.testing.NatsServerProcess;
import routes.testing.Resources;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing the process's connection sends what is still queued: jnats's close() alone drops it, and those would be a
 * worker's last answers. The server is frozen while the messages are published, so that they are still queued in
 * the client when the close begins.
 */
class SharedConnectionTest {

    private static final int MESSAGES = 4_000;
    // well beyond the time the close takes when nothing waits for the server (a few ms)
    private static final long RESUME_AFTER_MS = 1000;

    @Test
    void flushAndCloseSendsEverythingPublishedBefore() throws Exception {
        NatsServerProcess nats = NatsServerProcess.start();
        try (Connection listener = Nats.connect(nats.url())) {
            AtomicInteger received = new AtomicInteger();
            listener.createDispatcher(message -> received.incrementAndGet()).subscribe("close.check");
            listener.flush(Duration.ofSeconds(5));
            Connection connection = Nats.connect(nats.url());
            nats.pause();
            byte[] answer = new byte[4096];
            for (int i = 0; i < MESSAGES; i++) {
                connection.publish("close.check", answer);
            }
            CompletableFuture<Void> resumed = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(RESUME_AFTER_MS);
                    nats.resume();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            SharedConnection.flushAndClose(connection, Duration.ofSeconds(5));
            resumed.get(5, TimeUnit.SECONDS);
            assertThat(connection.getStatus()).isEqualTo(Connection.Status.CLOSED);
            listener.flush(Duration.ofSeconds(5));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (received.get() < MESSAGES && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(received.get()).as("messages published before the close").isEqualTo(MESSAGES);
        } finally {
            Resources.closeAll(nats);
        }
    }
}
