package routes.rabbitmq;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.SystemConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import routes.observe.TcpProbe;

/**
 * The dev profile's AMQP 0-9-1 broker when no RabbitMQ answers: Qpid Broker-J in this process, in memory, on the
 * configured address, with the configured vhost and user; stopped with the gateway. Not in gateway.jar: the README's
 * run command puts it on the class path (target/dev-lib). It has no direct reply-to (the gateway then uses a reply
 * queue of its own) and ignores {@code x-message-ttl} (the worker still refuses stale orders by their timestamp).
 */
public final class DevAmqpBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DevAmqpBroker.class);
    private static final String CONFIG = "rabbitmq/dev-broker.json";

    private final SystemLauncher launcher;
    private final Path workDir;

    private DevAmqpBroker(SystemLauncher launcher, Path workDir) {
        this.launcher = launcher;
        this.workDir = workDir;
    }

    /** Started on {@code host:port}, serving {@code vhost} to {@code username}; fails when it does not listen there. */
    public static DevAmqpBroker start(String host, int port, String vhost, String username, String password,
                                      int probeMillis) {
        URL config = DevAmqpBroker.class.getClassLoader().getResource(CONFIG);
        if (config == null) {
            throw new IllegalStateException(CONFIG + " is not on the class path");
        }
        Path workDir;
        try {
            workDir = Files.createTempDirectory("dev-amqp-broker");
        } catch (IOException e) {
            throw new IllegalStateException("Dev profile: no work directory for the embedded AMQP broker: " + e.getMessage(), e);
        }
        Map<String, String> context = new HashMap<>();
        context.put("qpid.work_dir", workDir.toString());
        context.put("dev.amqp.host", host);
        context.put("dev.amqp.port", String.valueOf(port));
        context.put("dev.amqp.vhost", nodeName(vhost));
        context.put("dev.amqp.username", username);
        context.put("dev.amqp.password", password);
        // x-message-ttl is RabbitMQ's: declared without it rather than refused, so both sides' declarations pass
        context.put("queue.behaviourOnUnknownDeclareArgument", "LOG");
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("type", "Memory");
        attributes.put("initialConfigurationLocation", config.toExternalForm());
        attributes.put("startupLoggedToSystemOut", false);
        attributes.put("context", context);
        AtomicReference<SystemConfig<?>> system = new AtomicReference<>();
        SystemLauncher launcher = new SystemLauncher(new SystemLauncherListener.DefaultSystemLauncherListener() {
            @Override
            public void onContainerResolve(SystemConfig<?> config) {
                system.set(config);
            }
        });
        DevAmqpBroker broker = new DevAmqpBroker(launcher, workDir);
        try {
            launcher.startup(attributes);
            keepUntilTheGatewayStops(system.get());
        } catch (Exception e) {
            broker.close();
            throw new IllegalStateException("Dev profile: the embedded AMQP broker did not start: " + e.getMessage(), e);
        }
        // a port it could not bind leaves the broker up without it, and says so only in its log
        if (!TcpProbe.answers(host, port, probeMillis)) {
            broker.close();
            throw new IllegalStateException("Dev profile: the embedded AMQP broker does not listen on " + host + ":"
                    + port + " (is the port taken?)");
        }
        LOG.info("Dev profile: no RabbitMQ answered at {}:{}; started an embedded AMQP 0-9-1 broker there (Qpid Broker-J, "
                + "in memory, vhost {}); it stops with the gateway", host, port, vhost);
        return broker;
    }

    /**
     * Qpid stops itself in a JVM shutdown hook of its own, so on SIGTERM the routes would lose their broker before
     * they drain; the gateway stops it instead, after the routes ({@link #close}). Qpid offers no switch for that
     * hook, hence the reflection on its one field.
     */
    private static void keepUntilTheGatewayStops(SystemConfig<?> system) throws ReflectiveOperationException {
        Object container = system == null ? null : system.getContainer();
        if (container == null) {
            return;
        }
        for (Class<?> type = container.getClass(); type != null; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (field.getName().equals("_shutdownHook")) {
                    field.setAccessible(true);
                    Runtime.getRuntime().removeShutdownHook((Thread) field.get(container));
                    return;
                }
            }
        }
        LOG.warn("Dev profile: the embedded AMQP broker will stop on its own at exit, maybe before the routes have drained");
    }

    /** Qpid strips the leading "/" of a vhost; "/" itself is its default node. */
    static String nodeName(String vhost) {
        String name = vhost.startsWith("/") ? vhost.substring(1) : vhost;
        return name.isEmpty() ? "default" : name;
    }

    @Override
    public void close() {
        try {
            launcher.shutdown();
            LOG.info("Dev profile: stopped the embedded AMQP broker");
        } catch (RuntimeException e) {
            LOG.warn("the embedded AMQP broker did not stop cleanly: {}", e.getMessage());
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.debug("work directory {} not removed: {}", workDir, e.getMessage());
        }
    }
}
