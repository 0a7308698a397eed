package routes.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;

/**
 * A worker instance in a queue group that dies holding the first request it takes: its connection goes away
 * without a reply, as a process that is killed mid-request would.
 */
public final class DyingResponder {

    private final AtomicInteger taken = new AtomicInteger();

    private DyingResponder() {
    }

    public static DyingResponder join(String natsUrl, String subject, String queueGroup)
            throws IOException, InterruptedException, TimeoutException {
        DyingResponder responder = new DyingResponder();
        Connection dying = Nats.connect(natsUrl);
        Dispatcher dispatcher = dying.createDispatcher(message -> {
            if (responder.taken.incrementAndGet() == 1) {
                new Thread(() -> {
                    try {
                        dying.close();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }).start();
            }
        });
        dispatcher.subscribe(subject, queueGroup);
        dying.flush(Duration.ofSeconds(2));
        return responder;
    }

    /** How many requests it took (the one it died with, if any). */
    public int taken() {
        return taken.get();
    }
}
