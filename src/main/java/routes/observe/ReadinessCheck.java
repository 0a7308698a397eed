package routes.observe;

import java.util.Map;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * A readiness-only health check: a dependency the process needs to serve requests (the broker, a stream). Broker
 * trouble must not fail liveness, or Kubernetes would restart pods that recover by themselves once it is back.
 * A bean of this type in the Camel registry is picked up by {@code /observe/health/ready}.
 */
public abstract class ReadinessCheck implements HealthCheck {

    private final String id;
    private volatile boolean enabled = true;

    protected ReadinessCheck(String id) {
        this.id = id;
    }

    /** Why the process cannot serve right now, in words an operator can act on; null when it can. */
    protected abstract String problem() throws Exception;

    @Override
    public final Result call(Map<String, Object> options) {
        String problem;
        try {
            problem = problem();
        } catch (Exception e) {
            problem = id + " could not be checked: " + e.getMessage();
        }
        HealthCheckResultBuilder result = HealthCheckResultBuilder.on(this);
        return problem == null ? result.up().build() : result.down().message(problem).build();
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public String getGroup() {
        return "gateway";
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }
}
