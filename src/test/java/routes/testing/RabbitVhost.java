package routes.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * A vhost of its own on the machine's RabbitMQ (127.0.0.1:5672, guest/guest) for one test class, made and removed
 * with rabbitmqctl (DESIGN.md fact 29): no test sees another's queues, and nothing is left behind.
 */
public final class RabbitVhost implements AutoCloseable {

    public static final String HOST = System.getenv().getOrDefault("TEST_RABBITMQ_HOST", "127.0.0.1");
    public static final int PORT = Integer.parseInt(System.getenv().getOrDefault("TEST_RABBITMQ_PORT", "5672"));
    public static final String USER = "guest";
    public static final String PASSWORD = "guest";

    private final String name;

    private RabbitVhost(String name) {
        this.name = name;
    }

    public static RabbitVhost create(String purpose) throws IOException, InterruptedException {
        String name = "/test-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
        rabbitmqctl("add_vhost", name);
        rabbitmqctl("set_permissions", "-p", name, USER, ".*", ".*", ".*");
        return new RabbitVhost(name);
    }

    public String name() {
        return name;
    }

    /** The gateway's settings for this vhost, with {@code addresses} as the broker addresses. */
    public Map<String, String> settings(String addresses) {
        return Map.of("ppv.rabbitmq.addresses", addresses, "ppv.rabbitmq.vhost", name,
                "ppv.rabbitmq.username", USER, "ppv.rabbitmq.password", PASSWORD);
    }

    public Map<String, String> settings() {
        return settings(HOST + ":" + PORT);
    }

    /** A plain RabbitMQ Java client connection to this vhost, as the old processes had. */
    public Connection connect() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(HOST);
        factory.setPort(PORT);
        factory.setVirtualHost(name);
        factory.setUsername(USER);
        factory.setPassword(PASSWORD);
        return factory.newConnection("test");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        rabbitmqctl("delete_vhost", name);
    }

    private static void rabbitmqctl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
