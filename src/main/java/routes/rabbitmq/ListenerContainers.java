package routes.rabbitmq;

import org.apache.camel.component.springrabbit.DefaultListenerContainerFactory;
import org.apache.camel.component.springrabbit.ListenerContainerFactory;
import org.apache.camel.component.springrabbit.SpringRabbitMQEndpoint;
import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;

/**
 * camel-spring-rabbitmq's listener containers, with how soon a consumer whose connection was lost tries again: the
 * container's own default (5 s) would leave the queue without its worker that long after every broker failover.
 */
public final class ListenerContainers implements ListenerContainerFactory {

    private final ListenerContainerFactory standard = new DefaultListenerContainerFactory();
    private final long recoveryIntervalMs;

    public ListenerContainers(long recoveryIntervalMs) {
        this.recoveryIntervalMs = recoveryIntervalMs;
    }

    @Override
    public AbstractMessageListenerContainer createListenerContainer(SpringRabbitMQEndpoint endpoint) {
        AbstractMessageListenerContainer container = standard.createListenerContainer(endpoint);
        container.setRecoveryInterval(recoveryIntervalMs);
        // the direct container also waits this long between restart attempts (5 s by default)
        container.setFailedDeclarationRetryInterval(recoveryIntervalMs);
        if (container instanceof DirectMessageListenerContainer direct) {
            // the direct container restarts lost consumers from its monitor task, run this often
            direct.setMonitorInterval(recoveryIntervalMs);
        }
        return container;
    }
}
