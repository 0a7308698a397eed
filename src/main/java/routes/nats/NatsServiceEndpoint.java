package routes.nats;

import routes.observe.AtLeastOne;
import java.util.regex.Pattern;

import io.nats.client.Connection;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.support.DefaultEndpoint;

/**
 * One endpoint of a NATS service: the subject it consumes, the queue group its instances share (default: the
 * subject), and the service it belongs to (name, version, description). Consumer only.
 */
@UriEndpoint(firstVersion = "4.17.0", scheme = "nats-service", title = "NATS service endpoint",
        syntax = "nats-service:subject", consumerOnly = true, category = {Category.MESSAGING})
public final class NatsServiceEndpoint extends DefaultEndpoint {

    /** The NATS services protocol allows these characters in service and endpoint names. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");

    private final String subject;
    private String service;
    private String endpointName;
    private String version;
    private String description = "";
    private String queueGroup;
    private Integer concurrency;
    private Connection connection;

    NatsServiceEndpoint(String uri, NatsServiceComponent component, String subject) {
        super(uri, component);
        this.subject = subject;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("nats-service: consumes only; send requests with the gateway's natsRequest");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        NatsServiceConsumer consumer = new NatsServiceConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        require(service, "service");
        if (!NAME.matcher(service).matches()) {
            throw new IllegalArgumentException("nats-service:" + subject + ": service name '" + service
                    + "' must be letters, digits, '_' or '-'");
        }
        if (!NAME.matcher(endpointName()).matches()) {
            throw new IllegalArgumentException("nats-service:" + subject + ": endpoint name '" + endpointName()
                    + "' must be letters, digits, '_' or '-' (set endpointName)");
        }
        require(version, "version");
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("nats-service:" + subject + ": version '" + version
                    + "' must be a semantic version such as 1.0.0");
        }
        if (connection == null) {
            connection = SharedConnection.of(getCamelContext());
        }
    }

    private void require(String value, String option) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("nats-service:" + subject + " needs the option " + option);
        }
    }

    String subject() {
        return subject;
    }

    /** The endpoint's name in discovery: given, else the last token of the subject ("hello" of greeting_service.hello). */
    String endpointName() {
        return endpointName != null ? endpointName : subject.substring(subject.lastIndexOf('.') + 1);
    }

    String queueGroupOrSubject() {
        return queueGroup == null || queueGroup.isBlank() ? subject : queueGroup;
    }

    Connection connection() {
        return connection;
    }

    String service() {
        return service;
    }

    String version() {
        return version;
    }

    String description() {
        return description;
    }

    @Override
    public NatsServiceComponent getComponent() {
        return (NatsServiceComponent) super.getComponent();
    }

    public void setService(String service) {
        this.service = service;
    }

    public void setEndpointName(String endpointName) {
        this.endpointName = endpointName;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    /**
     * How many messages this endpoint processes at once: one subscription in the queue group per unit, each
     * delivering on its own thread (a NATS subscription delivers one message after another). Default: the
     * component's ({@code camel.component.nats-service.concurrency}, NATS_SERVICE_CONCURRENCY).
     */
    public void setConcurrency(int concurrency) {
        this.concurrency = (int) AtLeastOne.check("nats-service:" + subject + ": concurrency", concurrency);
    }

    int concurrency() {
        return concurrency != null ? concurrency : getComponent().concurrency();
    }

    public void setQueueGroup(String queueGroup) {
        this.queueGroup = queueGroup;
    }

    public void setConnection(Connection connection) {
        this.connection = connection;
    }
}
