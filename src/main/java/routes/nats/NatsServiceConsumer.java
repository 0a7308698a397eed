package routes.nats;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import routes.http.ErrorBody;
import routes.http.RequestIds;

/**
 * Consumes one service endpoint's subject in its queue group, with {@code concurrency} subscriptions (each delivers on
 * a thread of its own, one message after another), and answers each request with what the route leaves:
 * the body (bytes), plus the {@link ServiceErrors} headers when the route set them. The route runs asynchronously:
 * the subscription's dispatcher thread only runs it up to its first asynchronous step (a delay, a thread pool, a
 * broker round trip) and takes the next message. Only {@code X-Request-Id} is taken from the request's headers.
 * <p>
 * A route that fails without handling the failure still answers: a 500 error reply, so no caller waits out its
 * timeout. On shutdown {@link #drain} stops deliveries first; what was delivered is still processed and answered,
 * and stopping waits (up to the drain timeout) for the answers still being sent: Camel counts an exchange done just
 * before its answer is published.
 */
final class NatsServiceConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(NatsServiceConsumer.class);
    private static final int FAILED = 500;
    private static final int MAX_HEADER_CHARS = 1024;

    private final NatsServiceEndpoint endpoint;
    private final EndpointStats stats = new EndpointStats();
    private ServiceInstance service;
    private ServiceInstance.Endpoint registered;
    private volatile List<Dispatcher> dispatchers = List.of();
    private final AtomicInteger unanswered = new AtomicInteger();
    private volatile Duration answersWait = Duration.ZERO;

    NatsServiceConsumer(NatsServiceEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        Connection connection = endpoint.connection();
        List<Dispatcher> subscribed = new ArrayList<>();
        for (int i = 0; i < endpoint.concurrency(); i++) {
            Dispatcher dispatcher = connection.createDispatcher();
            dispatcher.subscribe(endpoint.subject(), endpoint.queueGroupOrSubject(), this::onMessage);
            subscribed.add(dispatcher);
        }
        dispatchers = List.copyOf(subscribed);
        service = endpoint.getComponent().service(endpoint.service(), endpoint.version(), endpoint.description());
        registered = new ServiceInstance.Endpoint(endpoint.endpointName(), endpoint.subject(),
                endpoint.queueGroupOrSubject(), stats);
        service.add(connection, registered);
    }

    @Override
    protected void doStop() throws Exception {
        awaitAnswers();
        List<Dispatcher> active = dispatchers;
        dispatchers = List.of();
        for (Dispatcher dispatcher : active) {
            if (dispatcher.isActive()) {
                endpoint.connection().closeDispatcher(dispatcher);
            }
        }
        if (service != null) {
            endpoint.getComponent().release(service, service.remove(endpoint.connection(), registered));
            service = null;
        }
        super.doStop();
    }

    /**
     * Stops deliveries to this process (the rest of the queue group takes the traffic); the future completes once
     * the messages already delivered have been handed to the route (true), or at {@code timeout} (false). The
     * route's own in-flight exchanges are then waited for by Camel's graceful shutdown.
     */
    CompletableFuture<Boolean> drain(Duration timeout) throws InterruptedException {
        answersWait = timeout;
        List<Dispatcher> active = dispatchers;
        dispatchers = List.of();
        List<CompletableFuture<Boolean>> drained = new ArrayList<>();
        for (Dispatcher dispatcher : active) {
            if (dispatcher.isActive()) {
                drained.add(dispatcher.drain(timeout));
            }
        }
        return CompletableFuture.allOf(drained.toArray(CompletableFuture[]::new))
                .thenApply(all -> drained.stream().allMatch(CompletableFuture::join));
    }

    private void awaitAnswers() throws InterruptedException {
        long deadline = System.nanoTime() + answersWait.toNanos();
        while (unanswered.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        if (unanswered.get() > 0) {
            LOG.warn("{}: stopping with {} requests unanswered", endpoint.subject(), unanswered.get());
        }
    }

    private void onMessage(Message message) {
        long receivedAt = System.nanoTime();
        unanswered.incrementAndGet();
        stats.received();
        Exchange exchange = createExchange(false);
        exchange.setPattern(ExchangePattern.InOut);
        exchange.getMessage().setBody(message.getData());
        String requestId = message.hasHeaders() ? message.getHeaders().getFirst(RequestIds.HEADER) : null;
        if (requestId != null) {
            exchange.getMessage().setHeader(RequestIds.HEADER, requestId);
        }
        String replyTo = message.getReplyTo();
        try {
            getAsyncProcessor().process(exchange, doneSync -> answer(exchange, replyTo, receivedAt));
        } catch (RuntimeException e) {
            exchange.setException(e);
            answer(exchange, replyTo, receivedAt);
        }
    }

    private void answer(Exchange exchange, String replyTo, long receivedAt) {
        try {
            Reply reply = Reply.of(exchange, endpoint.service());
            if (replyTo != null) {
                endpoint.connection().publish(NatsMessage.builder().subject(replyTo).headers(reply.headers())
                        .data(reply.body()).build());
            }
            stats.answered(System.nanoTime() - receivedAt, reply.error());
        } catch (RuntimeException e) {
            LOG.error("{}: no reply sent for request {}: {}", endpoint.subject(),
                    exchange.getMessage().getHeader(RequestIds.HEADER), e.toString());
            stats.answered(System.nanoTime() - receivedAt, e.toString());
        } finally {
            unanswered.decrementAndGet();
            releaseExchange(exchange, false);
        }
    }

    /** What goes back: the body, the error headers when there are any, and the error text the statistics keep. */
    private record Reply(byte[] body, Headers headers, String error) {

        static Reply of(Exchange exchange, String service) {
            if (exchange.getException() != null) {
                String message = service + " failed";
                LOG.error("{}: unhandled failure, answering {}: {}", service, FAILED, exchange.getException().toString());
                Headers headers = new Headers().put(ServiceErrors.CODE, String.valueOf(FAILED))
                        .put(ServiceErrors.MESSAGE, message);
                return new Reply(ErrorBody.json(message), headers, FAILED + ":" + message);
            }
            org.apache.camel.Message message = exchange.getMessage();
            byte[] body = message.getBody(byte[].class);
            String code = message.getHeader(ServiceErrors.CODE, String.class);
            if (code == null) {
                return new Reply(body == null ? new byte[0] : body, null, null);
            }
            String text = message.getHeader(ServiceErrors.MESSAGE, "", String.class);
            Headers headers = new Headers().put(ServiceErrors.CODE, code).put(ServiceErrors.MESSAGE, headerValue(text));
            return new Reply(body == null ? text.getBytes(StandardCharsets.UTF_8) : body, headers, code + ":" + text);
        }

        /**
         * NATS header values are printable ASCII: anything else (a line break, an accented letter of a client's
         * input) is written as a \\uXXXX escape, and a long message is cut.
         */
        static String headerValue(String text) {
            StringBuilder value = new StringBuilder(Math.min(text.length(), MAX_HEADER_CHARS) + 16);
            int i = 0;
            for (; i < text.length() && value.length() < MAX_HEADER_CHARS; i++) {
                char c = text.charAt(i);
                if (c >= ' ' && c <= '~') {
                    value.append(c);
                } else {
                    value.append(String.format("\\u%04x", (int) c));
                }
            }
            return i < text.length() ? value.append("...").toString() : value.toString();
        }
    }
}
