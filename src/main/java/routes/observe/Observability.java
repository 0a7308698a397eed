package routes.observe;

import java.time.Duration;
import java.util.Arrays;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.eventnotifier.MicrometerRouteEventNotifier;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.support.EventHelper;
import org.apache.logging.log4j.jul.Log4jBridgeHandler;

/**
 * Installs what {@code /observe} shows before anything is configured: the Prometheus registry Camel's own metrics
 * use too ({@code metricsRegistry}), the flows' meters ({@link FlowMetrics}), and the bridge
 * that sends java.util.logging (jnats) into the same Log4j output.
 */
public final class Observability extends MainListenerSupport {

    /** Camel's micrometer support uses the registry bound under this name instead of creating its own. */
    static final String REGISTRY_BEAN = "metricsRegistry";
    static final String LATENCY_BUCKETS = "metrics.latency-buckets-ms";
    static final String LOG_FLUSH_INTERVAL = "log.flush-interval-ms";

    /** Routes java.util.logging into Log4j; idempotent, so tests that boot several apps may call it each time. */
    public static void bridgeJavaUtilLogging() {
        Log4jBridgeHandler.install(true, null, true);
    }

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        bridgeJavaUtilLogging();
        CamelContext context = main.getCamelContext();
        LogFlush.every(Duration.ofMillis(Long.parseLong(required(context, LOG_FLUSH_INTERVAL))));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(latencyBuckets(required(context, LATENCY_BUCKETS)));
        FlowMetrics metrics = new FlowMetrics(registry);
        context.getRegistry().bind(REGISTRY_BEAN, registry);
        context.getRegistry().bind(FlowMetrics.BEAN, metrics);
    }

    private static String required(CamelContext context, String key) {
        return context.getPropertiesComponent().resolveProperty(key)
                .orElseThrow(() -> new IllegalArgumentException("missing property " + key));
    }

    /**
     * Camel makes an event per exchange and per step while one notifier may want exchange events. Camel's route
     * gauges ({@code camel_routes_*}) come from a notifier that only reads route events yet does not say so: once
     * it says so, no exchange event is made at all (the NATS drain's notifier ignores them too).
     */
    @Override
    public void afterStart(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        for (EventNotifier notifier : context.getManagementStrategy().getEventNotifiers()) {
            if (notifier instanceof MicrometerRouteEventNotifier) {
                notifier.setIgnoreExchangeEvents(true);
            }
        }
        context.getCamelContextExtension().setEventNotificationApplicable(EventHelper.eventsApplicable(context));
    }

    /**
     * Fixed histogram buckets for the flows' timers, so Prometheus can compute percentiles across instances
     * (histogram_quantile) from a few dozen series instead of Micrometer's default of about seventy.
     */
    static MeterFilter latencyBuckets(String millisList) {
        double[] bucketsNanos = Arrays.stream(millisList.split("\\s*,\\s*"))
                .mapToDouble(ms -> Double.parseDouble(ms) * 1_000_000) // timers count in nanoseconds
                .sorted().toArray();
        if (bucketsNanos.length == 0) {
            throw new IllegalArgumentException("metrics.latency-buckets-ms lists no bucket");
        }
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!isFlowTimer(id)) {
                    return config;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(bucketsNanos).build().merge(config);
            }
        };
    }

    private static boolean isFlowTimer(Meter.Id id) {
        return id.getType() == Meter.Type.TIMER
                && (id.getName().startsWith("gateway.") || id.getName().startsWith("worker."));
    }
}
