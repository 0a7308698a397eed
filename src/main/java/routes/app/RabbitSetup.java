package routes.app;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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
import routes.rabbitmq.ReplyQueueComponent;

/**
 * When this process runs the ppv flow: its RabbitMQ connection ({@code ppv.rabbitmq.*}), bound as {@code ppvBroker}
 * (the routes' endpoints use {@code connectionFactory=#ppvBroker}) with a readiness check, and closed after the
 * routes have stopped. Both the request queue, exactly as the old processes declare it, and the durable invalid
 * queue are declared on every new connection (and, without direct reply-to, the gateway's own reply queue).
 * Nothing is opened before the first use, so the process starts while RabbitMQ is down.
 */
final class RabbitSetup extends MainListenerSupport {

    static final String FLOW = "ppv";
    static final String BEAN = "ppvBroker";
    static final String REPLIES = "ppv.rabbitmq.replies";
    static final String DIRECT_REPLY_TO = "direct-reply-to";
    static final String REPLY_QUEUE = "reply-queue";
    private static final String COMPONENT = "spring-rabbitmq";

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        if (!FlowRoutes.flows(context).contains(FLOW)) {
            return;
        }
        RabbitSettings settings = RabbitSettings.from("ppv.rabbitmq.", key -> Settings.required(context, key));
        int ttl = Integer.parseInt(Settings.required(context, "ppv.message-ttl-ms"));
        List<QueueDeclaration> queues = new ArrayList<>(List.of(
                QueueDeclaration.transientWithTtl(Settings.required(context, "ppv.queue"), ttl),
                QueueDeclaration.durable(Settings.required(context, "ppv.invalid-queue"))));
        SpringRabbitMQComponent component = component(context, settings, queues);
        RabbitBroker broker = RabbitBroker.of(settings, queues, true);
        component.setListenerContainerFactory(
                new ListenerContainers(Long.parseLong(Settings.required(context, "ppv.rabbitmq.recovery-interval-ms"))));
        context.getRegistry().bind(BEAN, broker.connectionFactory());
        context.getRegistry().bind("ppvBrokerConnection", broker);
        context.getRegistry().bind("ppvBrokerReadiness", new RabbitReadiness("ppv-rabbitmq", broker));
        FlowMetrics.of(context).watchBroker(settings.connectionName(), broker, b -> b.connectedTo() == null ? 0 : 1,
                RabbitBroker::failovers);
        ContextHooks.onStop(context, broker::close);
    }

    /**
     * The spring-rabbitmq component by {@code ppv.rabbitmq.replies}: RabbitMQ's direct reply-to, or (a broker
     * without it) a reply queue of this process's own, declared with the others when it runs the ppv gateway.
     */
    private static SpringRabbitMQComponent component(CamelContext context, RabbitSettings settings,
                                                     List<QueueDeclaration> queues) {
        String replies = Settings.required(context, REPLIES);
        switch (replies) {
            case DIRECT_REPLY_TO:
                return context.getComponent(COMPONENT, SpringRabbitMQComponent.class);
            case REPLY_QUEUE:
                String queue = settings.connectionName() + ".replies." + UUID.randomUUID();
                if (FlowRoutes.runs(context, FLOW + ".gateway")) {
                    queues.add(QueueDeclaration.replies(queue));
                }
                ReplyQueueComponent component = new ReplyQueueComponent(queue);
                context.addComponent(COMPONENT, component);
                return component;
            default:
                throw new IllegalArgumentException(REPLIES + " (env PPV_RABBITMQ_REPLIES) is '" + replies + "': give "
                        + DIRECT_REPLY_TO + " or " + REPLY_QUEUE);
        }
    }
}
