package routes.app;

import java.util.Map;

import org.slf4j.LoggerFactory;

import routes.observe.Observability;

/**
 * Starts the gateway: Camel Main with the YAML routes of this process's flows and roles, {@code application.properties}
 * and the embedded HTTP server. The prod profile applies unless {@code CAMEL_MAIN_PROFILE} (or the system property
 * {@code camel.main.profile}) says otherwise.
 */
public final class Main {

    static final String DEFAULT_PROFILE = "prod";

    private Main() {
    }

    public static void main(String[] args) {
        Observability.bridgeJavaUtilLogging();
        int exitCode;
        try {
            exitCode = create(Map.of()).run(args);
        } catch (Throwable failure) {
            // the NATS client's threads would keep a failed JVM alive, so exit explicitly (shutdown hooks still run)
            LoggerFactory.getLogger(Main.class).error("gateway stopped: {}", rootMessage(failure), failure);
            exitCode = 1;
        }
        System.exit(exitCode);
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? String.valueOf(failure.getMessage()) : failure.getMessage() + ": " + root.getMessage();
    }

    /** The application as production runs it; tests pass overrides (ports, NATS URL) and call start()/stop(). */
    public static org.apache.camel.main.Main create(Map<String, String> overrides) {
        org.apache.camel.main.Main main = new org.apache.camel.main.Main();
        main.configure().setProfile(DEFAULT_PROFILE);
        main.addMainListener(new Observability());
        main.addMainListener(new DevNatsSetup());
        main.addMainListener(new NatsSetup());
        main.addMainListener(new FlowRoutes());
        main.addMainListener(new HttpSetup());
        overrides.forEach(main::addOverrideProperty);
        return main;
    }
}
