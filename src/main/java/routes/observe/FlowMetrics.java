package routes.observe;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.nats.client.Connection;
import org.apache.camel.CamelContext;

/**
 * The flows' own meters, in the registry {@code /observe/metrics} serves. Names as Prometheus shows them:
 * <ul>
 * <li>{@code gateway_http_requests_total{flow,status}}: every HTTP answer, by status; {@code flow="none"} for the
 * answers of the HTTP layer itself (unknown path, wrong method, body too large, wrong media type)</li>
 * <li>{@code gateway_http_request_duration_seconds{flow}}: histogram, request received to answer ready</li>
 * <li>{@code gateway_nats_request_duration_seconds{flow,outcome}}: histogram of NATS round trips
 * ({@code reply}, {@code timeout}, {@code failed})</li>
 * <li>{@code worker_requests_total{flow,outcome}}: what the workers answered (football: {@code priced},
 * {@code invalid}, {@code unrecorded}, {@code failed})</li>
 * <li>{@code worker_processing_duration_seconds{flow,outcome}}: histogram, message received to reply ready</li>
 * <li>{@code nats_connection_up{connection}} (1 connected, 0 not) and {@code nats_connection_reconnects_total}</li>
 * <li>{@code gateway_outcomes_total{flow,outcome}}: what a flow told its callers where the HTTP status does not say
 * it (ppv's callresult in the legacy status mode)</li>
 * <li>{@code worker_backend_duration_seconds{flow,backend,outcome}}: histogram of a worker's round trips to the
 * system behind it (ppv's billing line)</li>
 * <li>{@code broker_connection_up{connection}} and {@code broker_connection_failovers_total{connection}}: a RabbitMQ
 * connection's state, and how often it moved to another address</li>
 * <li>{@code websocket_calls_total{protocol,outcome}}: calls made over the WebSocket bridge, by protocol
 * ({@code actions}, {@code wamp}) and outcome ({@code result}, or the WAMP error URI)</li>
 * <li>the WebSocket meters of {@code routes.http.Sockets} and {@code routes.rpc.WebSocketBridge}</li>
 * </ul>
 */
public final class FlowMetrics {

    public static final String BEAN = "flowMetrics";
    /** The flow tag of answers the HTTP layer gave before any flow saw the request. */
    public static final String NO_FLOW = "none";

    static final String HTTP_REQUESTS = "gateway.http.requests";
    static final String HTTP_DURATION = "gateway.http.request.duration";
    static final String NATS_DURATION = "gateway.nats.request.duration";
    static final String WORKER_REQUESTS = "worker.requests";
    static final String WORKER_DURATION = "worker.processing.duration";
    static final String OUTCOMES = "gateway.outcomes";
    static final String BACKEND_DURATION = "worker.backend.duration";

    private final MeterRegistry registry;
    // meters are looked up per request; building a meter id each time would cost more than the count itself
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public FlowMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public static FlowMetrics of(CamelContext context) {
        return BOUND.of(context);
    }

    private static final ContextBean<FlowMetrics> BOUND = new ContextBean<>(FlowMetrics::lookup);

    private static FlowMetrics lookup(CamelContext context) {
        FlowMetrics metrics = context.getRegistry().lookupByNameAndType(BEAN, FlowMetrics.class);
        if (metrics == null) {
            throw new IllegalStateException("no " + BEAN + " bean: routes.observe.Observability is not installed");
        }
        return metrics;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void httpAnswered(String flow, int status, long nanos) {
        String code = Integer.toString(status);
        counters.computeIfAbsent(HTTP_REQUESTS + "|" + flow + "|" + code, k -> Counter.builder(HTTP_REQUESTS)
                .description("HTTP answers by flow and status").tags("flow", flow, "status", code)
                .register(registry)).increment();
        if (!NO_FLOW.equals(flow)) {
            timer(HTTP_DURATION, "Time from receiving an HTTP request to its answer", flow, null).record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    public void natsRoundTrip(String flow, String outcome, long nanos) {
        timer(NATS_DURATION, "NATS request-reply round trips seen by the gateway", flow, outcome)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void workerAnswered(String flow, String outcome, long nanos) {
        counters.computeIfAbsent(WORKER_REQUESTS + "|" + flow + "|" + outcome, k -> Counter.builder(WORKER_REQUESTS)
                .description("Requests a worker answered, by outcome").tags("flow", flow, "outcome", outcome)
                .register(registry)).increment();
        timer(WORKER_DURATION, "Time from a worker receiving a message to its reply", flow, outcome)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** What the gateway told the caller, when the HTTP status does not say it; {@code outcome} of few values. */
    public void outcome(String flow, String outcome) {
        counters.computeIfAbsent(OUTCOMES + "|" + flow + "|" + outcome, k -> Counter.builder(OUTCOMES)
                .description("Outcomes the gateway answered, by flow").tags("flow", flow, "outcome", outcome)
                .register(registry)).increment();
    }

    /** A call over the WebSocket bridge answered; {@code outcome} is {@code result} or a WAMP error URI. */
    public void webSocketCall(String protocol, String outcome) {
        counters.computeIfAbsent("websocket.calls|" + protocol + "|" + outcome, k -> Counter.builder("websocket.calls")
                .description("Calls over the WebSocket bridge, by protocol and outcome").tags("protocol", protocol,
                        "outcome", outcome).register(registry)).increment();
    }

    /** A worker's round trip to the system behind it (ppv: the billing line), by outcome. */
    public void backendRoundTrip(String flow, String backend, String outcome, long nanos) {
        timers.computeIfAbsent(BACKEND_DURATION + "|" + flow + "|" + backend + "|" + outcome, k -> Timer.builder(BACKEND_DURATION)
                .description("A worker's round trips to the system behind it").tags("flow", flow, "backend", backend,
                        "outcome", outcome).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A broker connection other than NATS: up (1) or not, and how often it moved to another address. */
    public <T> void watchBroker(String connection, T broker, ToDoubleFunction<T> up, ToDoubleFunction<T> failovers) {
        Gauge.builder("broker.connection.up", broker, up).description("1 while the broker connection is open, else 0")
                .tag("connection", connection).register(registry);
        FunctionCounter.builder("broker.connection.failovers", broker, failovers)
                .description("Times the broker connection moved to another address").tag("connection", connection)
                .register(registry);
    }

    /** Requests sent over the broker and waiting for their reply or their timeout, read when scraped. */
    public <T> void watchWaiting(T requests, ToDoubleFunction<T> waiting) {
        Gauge.builder("gateway.nats.requests.waiting", requests, waiting)
                .description("Requests sent over NATS and waiting for their reply or their timeout").register(registry);
    }

    /** Connection state and reconnects, read when scraped. */
    public void watch(Connection connection) {
        String name = String.valueOf(connection.getOptions().getConnectionName());
        Gauge.builder("nats.connection.up", connection, c -> c.getStatus() == Connection.Status.CONNECTED ? 1 : 0)
                .description("1 while the NATS connection is connected, else 0").tag("connection", name)
                .register(registry);
        FunctionCounter.builder("nats.connection.reconnects", connection, c -> c.getStatistics().getReconnects())
                .description("Times the NATS connection reconnected").tag("connection", name)
                .register(registry);
    }

    private Timer timer(String name, String description, String flow, String outcome) {
        return timers.computeIfAbsent(name + "|" + flow + "|" + outcome, k -> {
            Timer.Builder builder = Timer.builder(name).description(description).tag("flow", flow);
            return (outcome == null ? builder : builder.tag("outcome", outcome)).register(registry);
        });
    }
}
