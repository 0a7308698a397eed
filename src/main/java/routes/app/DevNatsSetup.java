package routes.app;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

import routes.nats.DevNatsServer;

/**
 * Dev profile only: a local nats-server when none answers at the configured address ({@link DevNatsServer}),
 * stopped when the gateway stops. Never in prod.
 */
final class DevNatsSetup extends MainListenerSupport {

    static final String DEV_PROFILE = "dev";

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        if (!DEV_PROFILE.equals(main.configure().getProfile())
                || !Boolean.parseBoolean(Settings.required(context, "dev.nats-server.enabled"))) {
            return;
        }
        DevNatsServer server = DevNatsServer.startIfAbsent(Settings.required(context, "nats.url"),
                Settings.required(context, "dev.nats-server.command"),
                Long.parseLong(Settings.required(context, "dev.nats-server.start-timeout-ms")),
                Integer.parseInt(Settings.required(context, "dev.nats-server.probe-timeout-ms")));
        if (server == null) {
            return;
        }
        // Once Camel has started, its graceful shutdown stops the server (below), after the routes have drained.
        // Before that, a failed start exits the JVM without stopping Camel, and this hook is the safety net.
        AtomicBoolean camelStarted = new AtomicBoolean();
        ContextHooks.onStarted(context, () -> camelStarted.set(true));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!camelStarted.get()) {
                server.stop();
            }
        }, "dev-nats-server-stop"));
        // added before the NATS connection's own service, so stopped after it
        ContextHooks.onStop(context, server::stop);
    }
}
