package routes.nats;

import routes.observe.AtLeastOne;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code nats-service:<subject>?service=<name>}: a route that serves one endpoint of a NATS service. Unlike the
 * camel-nats consumer it processes each message asynchronously (a route that waits, for a timer or a thread pool,
 * holds no thread meanwhile), answers every request with the route's result, error headers included
 * ({@link ServiceErrors}), and takes part in NATS service discovery with real statistics ({@link ServiceInstance}).
 * The services of one name in this process are one service instance.
 */
public final class NatsServiceComponent extends DefaultComponent {

    private final Map<String, ServiceInstance> services = new HashMap<>();
    private int concurrency = 1;

    /** How many messages each endpoint processes at once unless it says otherwise (its {@code concurrency}). */
    public void setConcurrency(int concurrency) {
        this.concurrency = (int) AtLeastOne.check("nats-service: concurrency", concurrency);
    }

    int concurrency() {
        return concurrency;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("nats-service: needs a subject, as in nats-service:greeting_service.hello");
        }
        NatsServiceEndpoint endpoint = new NatsServiceEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** The service instance of that name in this process, made by its first endpoint. */
    synchronized ServiceInstance service(String name, String version, String description) {
        ServiceInstance service = services.computeIfAbsent(name, n -> new ServiceInstance(n, version, description));
        if (!service.version().equals(version)) {
            throw new IllegalArgumentException("NATS service " + name + " is given two versions in this process: "
                    + service.version() + " and " + version);
        }
        return service;
    }

    synchronized void release(ServiceInstance service, boolean unused) {
        if (unused) {
            services.remove(service.name(), service);
        }
    }
}
