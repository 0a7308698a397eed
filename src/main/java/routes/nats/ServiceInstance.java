package routes.nats;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.NUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import routes.http.Json;

/**
 * A NATS service as this process runs it: a name, a version, a random id, and the endpoints its routes consume. It
 * answers the discovery protocol ({@link Discovery}) on its own dispatcher while at least one endpoint is running,
 * with the statistics the endpoints' consumers keep.
 */
final class ServiceInstance {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceInstance.class);

    record Endpoint(String name, String subject, String queueGroup, EndpointStats stats) {
    }

    private final String name;
    private final String version;
    private final String description;
    private final String id = NUID.nextGlobal();
    private final String started = Instant.now().toString();
    private final List<Endpoint> endpoints = new CopyOnWriteArrayList<>();
    private Dispatcher dispatcher;

    ServiceInstance(String name, String version, String description) {
        this.name = name;
        this.version = version;
        this.description = description;
    }

    String name() {
        return name;
    }

    String version() {
        return version;
    }

    synchronized void add(Connection connection, Endpoint endpoint) {
        endpoints.add(endpoint);
        if (dispatcher == null) {
            dispatcher = connection.createDispatcher();
            for (String verb : List.of(Discovery.PING, Discovery.INFO, Discovery.STATS)) {
                for (String subject : Discovery.subjects(verb, name, id)) {
                    dispatcher.subscribe(subject, message -> answer(connection, verb, message));
                }
            }
            LOG.info("NATS service {} {} (id {}) answers discovery", name, version, id);
        }
    }

    /** Returns true when this was the last endpoint: the service no longer answers discovery then. */
    synchronized boolean remove(Connection connection, Endpoint endpoint) {
        endpoints.remove(endpoint);
        if (!endpoints.isEmpty() || dispatcher == null) {
            return endpoints.isEmpty();
        }
        if (dispatcher.isActive()) {
            connection.closeDispatcher(dispatcher);
        }
        dispatcher = null;
        return true;
    }

    private void answer(Connection connection, String verb, Message request) {
        if (request.getReplyTo() == null) {
            return;
        }
        Object response = switch (verb) {
            case Discovery.PING -> ping();
            case Discovery.INFO -> info();
            default -> stats();
        };
        connection.publish(request.getReplyTo(), Json.bytes(response));
    }

    Discovery.Ping ping() {
        return new Discovery.Ping(Discovery.Ping.TYPE, name, id, version, Map.of());
    }

    Discovery.Info info() {
        return new Discovery.Info(Discovery.Info.TYPE, name, id, version, Map.of(), description,
                endpoints.stream().map(e -> new Discovery.EndpointInfo(e.name(), e.subject(), e.queueGroup(), Map.of()))
                        .toList());
    }

    Discovery.Stats stats() {
        return new Discovery.Stats(Discovery.Stats.TYPE, name, id, version, Map.of(), started,
                endpoints.stream().map(ServiceInstance::stat).toList());
    }

    private static Discovery.EndpointStat stat(Endpoint endpoint) {
        EndpointStats stats = endpoint.stats();
        long requests = stats.requests();
        long nanos = stats.processingNanos();
        return new Discovery.EndpointStat(endpoint.name(), endpoint.subject(), endpoint.queueGroup(), requests,
                stats.errors(), stats.lastError(), nanos, requests == 0 ? 0 : nanos / requests);
    }
}
