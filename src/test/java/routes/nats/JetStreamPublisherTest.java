package routes.nats;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import routes.testing.NatsServerProcess;
import routes.testing.OfflineNatsConnection;
import routes.testing.Resources;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jetstream:} against a real nats-server: a stored message goes on with the message as it was (the stream
 * holds it, headers included); every way of not being stored fails the exchange with {@link
 * JetStreamPublisher.NotStored} naming why, and never hangs: no stream, a refusal, a reply that is no
 * acknowledgement, no reply within the timeout, the connection down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JetStreamPublisherTest {

    private static final long ACK_TIMEOUT_MS = 300;

    private NatsServerProcess nats;
    private Connection connection;
    private DefaultCamelContext camel;

    @BeforeAll
    void start() throws Exception {
        nats = NatsServerProcess.start();
        connection = Nats.connect(nats.url());
        JetStreamManagement jsm = connection.jetStreamManagement();
        jsm.addStream(StreamConfiguration.builder().name("KEPT").subjects("kept.records").storageType(StorageType.Memory)
                .build());
        // an empty stream: a publish that expects another last sequence gets a real error acknowledgement
        jsm.addStream(StreamConfiguration.builder().name("STRICT").subjects("strict.records").storageType(StorageType.Memory)
                .build());
        Dispatcher fakes = connection.createDispatcher();
        fakes.subscribe("silent.records", message -> { });
        fakes.subscribe("odd.records", message -> connection.publish(message.getReplyTo(), "not json".getBytes(StandardCharsets.UTF_8)));
        connection.flush(Duration.ofSeconds(2));

        camel = new DefaultCamelContext();
        camel.getRegistry().bind(SharedConnection.BEAN, connection);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:publish").toD("jetstream:${header.subject}?ackTimeoutMs=" + ACK_TIMEOUT_MS);
            }
        });
        camel.start();
    }

    @AfterAll
    void stop() throws Exception {
        if (camel != null) {
            camel.stop();
        }
        Resources.closeAll(connection, nats);
    }

    @Test
    void aStoredMessageGoesOnAsItWasAndTheStreamHoldsItWithItsHeaders() throws Exception {
        Exchange done = publish("kept.records", "{\"n\":1}", null, null);

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody(String.class)).isEqualTo("{\"n\":1}");
        var stored = connection.jetStreamManagement().getLastMessage("KEPT", "kept.records");
        assertThat(new String(stored.getData(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
        assertThat(stored.getHeaders().getFirst("X-Request-Id")).isEqualTo("req-kept.records");
    }

    @Test
    void noStreamOnTheSubjectIsNotStoredAtOnce() throws Exception {
        long started = System.nanoTime();
        Exchange done = publish("nobody.keeps.this", "{}", null, null);

        assertNotStored(done, "JetStream publish to nobody.keeps.this: no JetStream stream keeps the subject");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(ACK_TIMEOUT_MS));
    }

    @Test
    void aRefusalOfTheStreamIsNotStored() throws Exception {
        // the stream is empty, so a publish that expects sequence 5 last is refused with an API error
        Exchange done = publish("strict.records", "{}", "Nats-Expected-Last-Sequence", "5");

        assertNotStored(done, "JetStream publish to strict.records: the stream answered: ");
        assertThat(done.getException().getMessage()).contains("wrong last sequence");
    }

    @Test
    void aReplyThatIsNoAcknowledgementIsNotStored() throws Exception {
        Exchange done = publish("odd.records", "{}", null, null);

        assertNotStored(done, "JetStream publish to odd.records: ");
        assertThat(done.getException().getMessage()).contains("Error parsing");
    }

    @Test
    void noAcknowledgementWithinTheTimeoutIsNotStored() throws Exception {
        long started = System.nanoTime();
        Exchange done = publish("silent.records", "{}", null, null);

        assertNotStored(done, "JetStream publish to silent.records: no acknowledgement within " + ACK_TIMEOUT_MS + " ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(ACK_TIMEOUT_MS),
                Duration.ofMillis(ACK_TIMEOUT_MS + 2000));
    }

    @Test
    void aConnectionThatIsNotConnectedIsNotStoredAtOnce() throws Exception {
        DefaultCamelContext offline = new DefaultCamelContext();
        offline.getRegistry().bind(SharedConnection.BEAN, OfflineNatsConnection.create());
        offline.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:publish").to("jetstream:kept.records");
            }
        });
        offline.start();
        try {
            Exchange done = offline.createProducerTemplate().request("direct:publish",
                    exchange -> exchange.getMessage().setBody("{}".getBytes(StandardCharsets.UTF_8)));
            assertNotStored(done, "JetStream publish to kept.records: NATS connection is ");
        } finally {
            offline.stop();
        }
    }

    private Exchange publish(String subject, String body, String header, String value) {
        return camel.createProducerTemplate().request("direct:publish", exchange -> {
            exchange.getMessage().setHeader("subject", subject);
            exchange.getMessage().setHeader("X-Request-Id", "req-" + subject);
            if (header != null && value != null) {
                exchange.getMessage().setHeader(header, value);
            }
            exchange.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
        });
    }

    private static void assertNotStored(Exchange done, String messageStart) {
        assertThat(done.getException()).isInstanceOf(JetStreamPublisher.NotStored.class);
        assertThat(done.getException().getMessage()).startsWith(messageStart);
    }
}
