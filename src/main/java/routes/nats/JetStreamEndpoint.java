package routes.nats;

import routes.observe.AtLeastOne;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.support.DefaultEndpoint;

/** A subject a JetStream stream keeps, published to with an acknowledgement. Producer only. */
@UriEndpoint(firstVersion = "4.17.0", scheme = "jetstream", title = "JetStream publish, acknowledged",
        syntax = "jetstream:subject", producerOnly = true, category = {Category.MESSAGING})
public final class JetStreamEndpoint extends DefaultEndpoint {

    private final String subject;
    private Long ackTimeoutMs;

    JetStreamEndpoint(String uri, JetStreamComponent component, String subject) {
        super(uri, component);
        this.subject = subject;
    }

    @Override
    public Producer createProducer() {
        return new JetStreamPublisher(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("jetstream: publishes only");
    }

    /** How long a publish waits for its acknowledgement; default: the component's (NATS_JETSTREAM_ACK_TIMEOUT_MS). */
    public void setAckTimeoutMs(long ackTimeoutMs) {
        this.ackTimeoutMs = AtLeastOne.check("jetstream:" + subject + ": ackTimeoutMs", ackTimeoutMs);
    }

    long ackTimeoutMs() {
        return ackTimeoutMs != null ? ackTimeoutMs : getComponent().ackTimeoutMs();
    }

    String subject() {
        return subject;
    }

    @Override
    public JetStreamComponent getComponent() {
        return (JetStreamComponent) super.getComponent();
    }
}
