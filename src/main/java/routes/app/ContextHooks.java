package routes.app;

import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Work tied to the Camel context's life, registered before it starts: once it has fully started, and when it
 * stops (after its routes have stopped, however it is stopped: Main.run's shutdown hook, Main.stop in tests).
 * Stop work runs in the reverse order of registration.
 */
public final class ContextHooks {

    private ContextHooks() {
    }

    public static void onStarted(CamelContext context, Runnable work) {
        try {
            // also called each time a route starts later (alreadyStarted), which is not what "started" means here
            context.addStartupListener((started, alreadyStarted) -> {
                if (!alreadyStarted) {
                    work.run();
                }
            });
        } catch (Exception e) {
            throw RuntimeCamelException.wrapRuntimeCamelException(e);
        }
    }

    public static void onStop(CamelContext context, Runnable work) {
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    work.run();
                }
            });
        } catch (Exception e) {
            throw RuntimeCamelException.wrapRuntimeCamelException(e);
        }
    }
}
