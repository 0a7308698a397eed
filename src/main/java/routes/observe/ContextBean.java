package routes.observe;

import java.util.function.Function;

import org.apache.camel.CamelContext;

/**
 * A bean of a context's registry that steps look up on every request (the metrics, the NATS connection): looked up
 * once per context and kept, since a registry lookup walks every bean repository. Tests run many contexts one after
 * another, so the kept bean is the last context's.
 */
public final class ContextBean<T> {

    private record Found<T>(CamelContext context, T bean) {
    }

    private final Function<CamelContext, T> lookup;
    private volatile Found<T> last;

    public ContextBean(Function<CamelContext, T> lookup) {
        this.lookup = lookup;
    }

    public T of(CamelContext context) {
        Found<T> found = last;
        if (found != null && found.context() == context) {
            return found.bean();
        }
        T bean = lookup.apply(context);
        last = new Found<>(context, bean);
        return bean;
    }
}
