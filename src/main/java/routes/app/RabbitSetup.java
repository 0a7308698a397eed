package routes.app;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.component.springrabbit.SpringRabbitMQComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

import routes.observe.FlowMetrics;
import routes.rabbitmq.ListenerContainers;
import routes.rabbitmq.QueueDeclaration;
import routes.rabbitmq.RabbitBroker;
import routes.rabbitmq.RabbitReadiness;
import routes.rabbitmq.RabbitSettings;

/**
 * When this process runs the ppv flow: its RabbitMQ connection ({@code ppv.rabbitmq.*}), bound as {@code ppvBroker}
 * (the routes' endpoints use {@code connectionFactory=#ppvBroker}) with a readiness check, and closed after the
 * routes have stopped. Both the request queue, exactly as the old processes declare it, and the durable invalid
 * queue are declared on every new connection. Nothing is opened before the first use, so the process starts while
 * RabbitMQ is down.
 */
final class RabbitSetup extends MainListenerSupport {

    static final String FLOW = "ppv";
    static final String BEAN = "ppvBroker";

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        if (!FlowRoutes.flows(context).contains(FLOW)) {
            return;
        }
        RabbitSettings settings = RabbitSettings.from("ppv.rabbitmq.", key -> Settings.required(context, key));
        int ttl = Integer.parseInt(Settings.required(context, "ppv.message-ttl-ms"));
        List<QueueDeclaration> queues = List.of(
                QueueDeclaration.transientWithTtl(Settings.required(context, "ppv.queue"), ttl),
                QueueDeclaration.durable(Settings.required(context, "ppv.invalid-queue")));
        RabbitBroker broker = RabbitBroker.of(settings, queues, true);
        context.getComponent("spring-rabbitmq", SpringRabbitMQComponent.class).setListenerContainerFactory(
                new ListenerContainers(Long.parseLong(Settings.required(context, "ppv.rabbitmq.recovery-interval-ms"))));
        context.getRegistry().bind(BEAN, broker.connectionFactory());
        context.getRegistry().bind("ppvBrokerConnection", broker);
        context.getRegistry().bind("ppvBrokerReadiness", new RabbitReadiness("ppv-rabbitmq", broker));
        FlowMetrics.of(context).watchBroker(settings.connectionName(), broker, b -> b.connectedTo() == null ? 0 : 1,
                RabbitBroker::failovers);
        ContextHooks.onStop(context, broker::close);
    }
}
