package routes.testing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import routes.observe.FlowMetrics;

/**
 * For route-level tests that boot the YAML without routes.app.Main: the flows' meters in an in-memory registry, so the
 * tests can read what a route counted.
 */
public class RouteTestMetrics implements CamelConfiguration {

    /** How many requests the context's worker routes answered with this outcome. */
    public static long workerAnswers(CamelContext context, String outcome) {
        Counter counter = FlowMetrics.of(context).registry().find("worker.requests").tag("outcome", outcome).counter();
        return counter == null ? 0 : (long) counter.count();
    }

    /** The same, for one flow's worker routes. */
    public static long workerAnswers(CamelContext context, String outcome, String flow) {
        Counter counter = FlowMetrics.of(context).registry().find("worker.requests").tag("outcome", outcome)
                .tag("flow", flow).counter();
        return counter == null ? 0 : (long) counter.count();
    }

    @BindToRegistry(FlowMetrics.BEAN)
    public FlowMetrics flowMetrics() {
        return new FlowMetrics(new SimpleMeterRegistry());
    }
}
