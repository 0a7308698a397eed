package routes.nats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;

/**
 * Where the replies to this process's requests arrive: {@code lanes} subscriptions to inboxes of its own
 * ({@code _INBOX.<id>.<lane>.*}), each delivering on a thread of its own, so the routes that go on after a reply
 * run on as many threads. jnats' own request-reply delivers every reply of a connection on one thread (DESIGN.md
 * fact 22), and handing each reply to a pool would cost a thread switch per reply. Requests take the lanes in turn.
 */
final class ReplyInboxes {

    private static final int NO_RESPONDERS = 503;

    /** A request sent: its reply, or the server's status message ({@link #noResponders}), completes {@code reply}. */
    record Pending(String token, CompletableFuture<Message> reply) {
    }

    private final Connection connection;
    private final String prefix;
    private final int lanes;
    private final List<Dispatcher> dispatchers = new ArrayList<>();
    private final Map<String, CompletableFuture<Message>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();

    ReplyInboxes(Connection connection, int lanes) {
        this.connection = connection;
        this.lanes = lanes;
        this.prefix = connection.createInbox() + ".";
        for (int lane = 0; lane < lanes; lane++) {
            Dispatcher dispatcher = connection.createDispatcher(this::replied);
            dispatcher.subscribe(prefix + lane + ".*");
            dispatchers.add(dispatcher);
        }
    }

    Connection connection() {
        return connection;
    }

    Pending request(String subject, Headers headers, byte[] body) {
        long number = sent.incrementAndGet();
        String token = Long.toString(number, Character.MAX_RADIX);
        CompletableFuture<Message> reply = new CompletableFuture<>();
        waiting.put(token, reply);
        try {
            connection.publish(NatsMessage.builder().subject(subject).replyTo(prefix + (number % lanes) + "." + token)
                    .headers(headers).data(body).build());
        } catch (RuntimeException e) {
            waiting.remove(token);
            throw e;
        }
        return new Pending(token, reply);
    }

    /** The request timed out: a reply that comes later is dropped. */
    void forget(String token) {
        waiting.remove(token);
    }

    /** Requests waiting for their reply (or their timeout). */
    int waiting() {
        return waiting.size();
    }

    void close() {
        for (Dispatcher dispatcher : dispatchers) {
            if (dispatcher.isActive()) {
                connection.closeDispatcher(dispatcher);
            }
        }
    }

    private void replied(Message message) {
        String subject = message.getSubject();
        CompletableFuture<Message> reply = waiting.remove(subject.substring(subject.lastIndexOf('.') + 1));
        if (reply != null) {
            reply.complete(message);
        }
    }

    /** The server answers a request nobody is subscribed to with a 503 status message. */
    static boolean noResponders(Message message) {
        return message.isStatusMessage() && message.getStatus().getCode() == NO_RESPONDERS;
    }
}
