package routes.app;

import java.time.Duration;
import java.util.Map;

import org.slf4j.LoggerFactory;

import routes.observe.Failures;
import routes.observe.LogFlush;
import routes.observe.Observability;

/**
 * Starts the gateway: Camel Main with the YAML routes of this process's flows and roles, {@code application.properties}
 * and the embedded HTTP server. The prod profile applies unless {@code CAMEL_MAIN_PROFILE} (or the system property
 * {@code camel.main.profile}) says otherwise.
 */
public final class Main {

    static final String DEFAULT_PROFILE = "prod";
    /** How long, beyond Camel's own shutdown timeout, the exit waits for the stop to finish before writing the logs out. */
    private static final long AFTER_SHUTDOWN_S = 5;
    /** Camel's shutdown hook thread, which logs "is shutdown" once the main thread has stopped the context. */
    private static final String CAMEL_SHUTDOWN_HOOK = "CamelHangupInterceptor";

    private Main() {
    }

    public static void main(String[] args) {
        Observability.bridgeJavaUtilLogging();
        org.apache.camel.main.Main main = create(Map.of());
        // the queued log lines are written out once Camel has stopped, however the JVM is asked to exit
        LogFlush logs = LogFlush.atExit(() -> Duration.ofSeconds(main.configure().getShutdownTimeout() + AFTER_SHUTDOWN_S),
                CAMEL_SHUTDOWN_HOOK);
        int exitCode;
        try {
            exitCode = main.run(args);
        } catch (Throwable failure) {
            // the NATS client's threads would keep a failed JVM alive, so exit explicitly (shutdown hooks still run)
            LoggerFactory.getLogger(Main.class).error("gateway stopped: {}", rootMessage(failure), failure);
            exitCode = 1;
        }
        logs.stopped();
        System.exit(exitCode);
    }

    static String rootMessage(Throwable failure) {
        Throwable root = Failures.rootCause(failure);
        return root == failure ? String.valueOf(failure.getMessage()) : failure.getMessage() + ": " + root.getMessage();
    }

    /** The application as production runs it; tests pass overrides (ports, NATS URL) and call start()/stop(). */
    public static org.apache.camel.main.Main create(Map<String, String> overrides) {
        org.apache.camel.main.Main main = new org.apache.camel.main.Main();
        main.configure().setProfile(DEFAULT_PROFILE);
        main.addMainListener(new Observability());
        main.addMainListener(new DevNatsSetup());
        main.addMainListener(new NatsSetup());
        main.addMainListener(new DevPpvSetup());
        main.addMainListener(new RabbitSetup());
        main.addMainListener(new FlowRoutes());
        main.addMainListener(new HttpSetup());
        overrides.forEach(main::addOverrideProperty);
        return main;
    }
}
