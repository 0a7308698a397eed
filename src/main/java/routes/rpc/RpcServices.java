package routes.rpc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.camel.Exchange;

import routes.http.ErrorBody;
import routes.http.Json;
import routes.nats.Discovery;
import routes.nats.ServiceDiscovery;

/**
 * {@code GET /services}: what is being served at this moment, from NATS service discovery ({@code $SRV.STATS}):
 * each service (name and version) with its number of instances and, per endpoint, the requests and errors of all
 * instances together and their average processing time.
 */
public final class RpcServices {

    private static final int OK = 200;
    private static final int UNAVAILABLE = 503;
    private static final double NANOS_PER_MILLI = 1_000_000.0;

    private ServiceDiscovery discovery;

    public void setDiscovery(ServiceDiscovery discovery) {
        this.discovery = discovery;
    }

    record Services(List<Service> services) {
    }

    record Service(String name, String version, int instances, List<Endpoint> endpoints) {
    }

    record Endpoint(String name, String subject, @JsonProperty("queue_group") String queueGroup,
                    @JsonProperty("num_requests") long requests, @JsonProperty("num_errors") long errors,
                    @JsonProperty("average_processing_time_ms") double averageMillis) {
    }

    public CompletionStage<Void> list(Exchange exchange) {
        return discovery.stats(exchange.getContext()).thenAccept(stats -> {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, OK);
            exchange.getMessage().setBody(Json.bytes(new Services(summary(stats))));
        });
    }

    /** Discovery could not even be asked (NATS down). */
    public static void unavailable(Exchange exchange) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, UNAVAILABLE);
        exchange.getMessage().setBody(ErrorBody.json("service discovery unavailable: NATS cannot be reached, retry later"));
    }

    /** One entry per service name and version, instances summed up, sorted by name. */
    static List<Service> summary(List<Discovery.Stats> stats) {
        Map<String, List<Discovery.Stats>> byService = new LinkedHashMap<>();
        for (Discovery.Stats instance : stats) {
            byService.computeIfAbsent(instance.name() + " " + instance.version(), k -> new ArrayList<>()).add(instance);
        }
        List<Service> services = new ArrayList<>();
        byService.values().forEach(instances -> services.add(service(instances)));
        services.sort(Comparator.comparing(Service::name).thenComparing(Service::version));
        return services;
    }

    private static Service service(List<Discovery.Stats> instances) {
        Map<String, long[]> totals = new LinkedHashMap<>();
        Map<String, Discovery.EndpointStat> first = new LinkedHashMap<>();
        for (Discovery.Stats instance : instances) {
            for (Discovery.EndpointStat endpoint : instance.endpoints()) {
                first.putIfAbsent(endpoint.subject(), endpoint);
                long[] sum = totals.computeIfAbsent(endpoint.subject(), k -> new long[3]);
                sum[0] += endpoint.numRequests();
                sum[1] += endpoint.numErrors();
                sum[2] += endpoint.processingTime();
            }
        }
        List<Endpoint> endpoints = new ArrayList<>();
        first.forEach((subject, endpoint) -> {
            long[] sum = totals.get(subject);
            endpoints.add(new Endpoint(endpoint.name(), subject, endpoint.queueGroup(), sum[0], sum[1],
                    sum[0] == 0 ? 0 : sum[2] / (double) sum[0] / NANOS_PER_MILLI));
        });
        endpoints.sort(Comparator.comparing(Endpoint::subject));
        Discovery.Stats any = instances.get(0);
        return new Service(any.name(), any.version(), instances.size(), endpoints);
    }
}
