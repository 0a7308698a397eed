package routes.rabbitmq;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.rabbitmq.client.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory.AddressShuffleMode;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;

import routes.observe.Failures;
import routes.observe.TcpProbe;
import routes.rabbitmq.RabbitSettings.HostPort;

/**
 * One process's connection to a RabbitMQ broker pair. The addresses are tried in their order on every (re)connect,
 * so the primary is used whenever it answers; while connected to a backup, the primary is probed every
 * {@code failbackCheckMs} and, once it accepts connections again, the connection is reset so that the next one
 * goes to the primary. Reconnection never gives up (the listener containers and the templates reconnect on use).
 * The queues this side relies on are declared on every new connection.
 */
public final class RabbitBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RabbitBroker.class);

    private final RabbitSettings settings;
    private final List<QueueDeclaration> queues;
    private final CachingConnectionFactory factory;
    private final ScheduledExecutorService failback;
    private final AtomicLong failovers = new AtomicLong();
    private volatile HostPort connectedTo;
    private volatile HostPort lastConnectedTo;
    private volatile String lastFailure = "no connection yet";

    private RabbitBroker(RabbitSettings settings, List<QueueDeclaration> queues, boolean publisherConfirms) {
        this.settings = settings;
        this.queues = List.copyOf(queues);
        this.factory = new CachingConnectionFactory();
        factory.setAddresses(settings.addressList());
        factory.setAddressShuffleMode(AddressShuffleMode.NONE);
        factory.setVirtualHost(settings.vhost());
        factory.setUsername(settings.username());
        factory.setPassword(settings.password());
        factory.setConnectionTimeout(settings.connectionTimeoutMs());
        factory.setRequestedHeartBeat(settings.heartbeatS());
        factory.setConnectionNameStrategy(ignored -> settings.connectionName());
        if (publisherConfirms) {
            factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
        }
        factory.addConnectionListener(new Watcher());
        failback = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rabbitmq-failback-" + settings.connectionName());
            thread.setDaemon(true);
            return thread;
        });
        failback.scheduleWithFixedDelay(this::backToPrimary, settings.failbackCheckMs(), settings.failbackCheckMs(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * A broker connection with these settings; nothing is opened yet (the first use connects, and a broker that is
     * down at start-up is retried on every later use). {@code publisherConfirms}: publishes can wait for the
     * broker's acknowledgement.
     */
    public static RabbitBroker of(RabbitSettings settings, List<QueueDeclaration> queues, boolean publisherConfirms) {
        LOG.info("{}", settings);
        return new RabbitBroker(settings, queues, publisherConfirms);
    }

    public ConnectionFactory connectionFactory() {
        return factory;
    }

    /** The address of the open connection, or null while there is none. */
    public HostPort connectedTo() {
        return connectedTo;
    }

    /** Why the last attempt to connect failed (refused, login refused, no such vhost...). */
    public String lastFailure() {
        return lastFailure;
    }

    /** How many times a new connection went to another address than the one before. */
    public long failovers() {
        return failovers.get();
    }

    public RabbitSettings settings() {
        return settings;
    }

    /** Opens the connection if there is none (and so declares the queues); false when none is open afterwards. */
    public boolean connect() {
        try {
            // the factory may hand back its cached connection for a while after the broker dropped it
            Connection connection = factory.createConnection();
            boolean open = connection.isOpen();
            connection.close();
            return open;
        } catch (RuntimeException e) {
            lastFailure = Failures.rootMessage(e);
            LOG.debug("RabbitMQ not reachable at {}: {}", settings.addressList(), lastFailure);
            return false;
        }
    }

    @Override
    public void close() {
        failback.shutdownNow();
        factory.destroy();
    }

    private void backToPrimary() {
        HostPort current = connectedTo;
        HostPort primary = settings.addresses().get(0);
        if (current == null || current.equals(primary) || !TcpProbe.answers(primary.host(), primary.port(), settings.connectionTimeoutMs())) {
            return;
        }
        LOG.warn("RabbitMQ primary {} answers again: leaving {} for it", primary, current);
        factory.resetConnection();
        connect();
    }

    private HostPort configuredAddressOf(com.rabbitmq.client.Connection connection) {
        for (HostPort address : settings.addresses()) {
            try {
                if (address.port() == connection.getPort()) {
                    for (InetAddress candidate : InetAddress.getAllByName(address.host())) {
                        if (candidate.equals(connection.getAddress())) {
                            return address;
                        }
                    }
                }
            } catch (UnknownHostException e) {
                // an address that does not resolve is not this connection's
            }
        }
        return new HostPort(connection.getAddress().getHostAddress(), connection.getPort());
    }

    private void declare(com.rabbitmq.client.Connection connection) {
        for (QueueDeclaration queue : queues) {
            try (Channel channel = connection.createChannel()) {
                channel.queueDeclare(queue.name(), queue.durable(), queue.exclusive(), queue.exclusive(), queue.arguments());
            } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
                LOG.error("RabbitMQ refused the declaration of queue {} (durable={}, arguments {}): {}", queue.name(),
                        queue.durable(), queue.arguments(), Failures.rootMessage(e));
            }
        }
    }

    private final class Watcher implements ConnectionListener {

        @Override
        public void onCreate(Connection connection) {
            com.rabbitmq.client.Connection delegate = connection.getDelegate();
            HostPort address = configuredAddressOf(delegate);
            HostPort before = lastConnectedTo;
            if (before != null && !before.equals(address)) {
                failovers.incrementAndGet();
                LOG.warn("RabbitMQ connection moved from {} to {}", before, address);
            } else {
                LOG.info("RabbitMQ connected to {} (vhost {})", address, settings.vhost());
            }
            lastConnectedTo = address;
            connectedTo = address;
            declare(delegate);
        }

        @Override
        public void onClose(Connection connection) {
            connectedTo = null;
        }

        @Override
        public void onShutDown(com.rabbitmq.client.ShutdownSignalException signal) {
            if (!signal.isInitiatedByApplication()) {
                LOG.warn("RabbitMQ connection lost: {}", signal.getMessage());
            }
            connectedTo = null;
        }
    }
}
