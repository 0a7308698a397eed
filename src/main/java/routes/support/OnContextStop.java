package routes.support;

import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Runs a clean-up when the Camel context stops, after its routes have stopped, however the context is stopped
 * (Main.run's shutdown hook, Main.stop in tests). Clean-ups run in the reverse order of registration.
 */
final class OnContextStop extends ServiceSupport {

    private final Runnable cleanUp;

    private OnContextStop(Runnable cleanUp) {
        this.cleanUp = cleanUp;
    }

    static void register(CamelContext context, Runnable cleanUp) {
        try {
            context.addService(new OnContextStop(cleanUp));
        } catch (Exception e) {
            throw RuntimeCamelException.wrapRuntimeCamelException(e);
        }
    }

    @Override
    protected void doStop() {
        cleanUp.run();
    }
}
