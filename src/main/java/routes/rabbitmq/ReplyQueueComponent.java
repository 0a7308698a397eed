package routes.rabbitmq;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.component.springrabbit.SpringRabbitMQComponent;
import org.apache.camel.component.springrabbit.SpringRabbitMQEndpoint;
import org.apache.camel.component.springrabbit.SpringRabbitMQEndpointConfigurer;
import org.apache.camel.component.springrabbit.SpringRabbitMQEndpointUriFactory;
import org.springframework.amqp.rabbit.AsyncRabbitTemplate;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

/**
 * camel-spring-rabbitmq whose request-reply producers take their replies from a queue of this process's own instead
 * of RabbitMQ's direct reply-to ({@code amq.rabbitmq.reply-to}), which other AMQP 0-9-1 brokers (the dev profile's
 * embedded one) do not have. The old gateway did the same with its own server-named queue. The component's only hook
 * for this is the endpoint's {@code createInOutTemplate()}, hence the endpoint subclass; everything else about the
 * endpoint is the plain component's, copied option by option from the endpoint it configures.
 */
public final class ReplyQueueComponent extends SpringRabbitMQComponent {

    private static final SpringRabbitMQEndpointConfigurer OPTIONS = new SpringRabbitMQEndpointConfigurer();
    private static final SpringRabbitMQEndpointUriFactory NAMES = new SpringRabbitMQEndpointUriFactory();

    private final String replyQueue;

    /** {@code replyQueue}: declared by whoever owns the connection (exclusive, auto-delete, on every connection). */
    public ReplyQueueComponent(String replyQueue) {
        this.replyQueue = replyQueue;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        SpringRabbitMQEndpoint configured = (SpringRabbitMQEndpoint) super.createEndpoint(uri, remaining, parameters);
        ReplyQueueEndpoint endpoint = new ReplyQueueEndpoint(uri, this, remaining, replyQueue);
        for (String option : NAMES.propertyNames()) {
            Object value = OPTIONS.getOptionValue(configured, option, false);
            if (value != null) {
                OPTIONS.configure(getCamelContext(), endpoint, option, value, false);
            }
        }
        return endpoint;
    }

    static final class ReplyQueueEndpoint extends SpringRabbitMQEndpoint {

        private final String replyQueue;

        ReplyQueueEndpoint(String uri, SpringRabbitMQComponent component, String exchangeName, String replyQueue) {
            super(uri, component, exchangeName);
            this.replyQueue = replyQueue;
        }

        @Override
        public AsyncRabbitTemplate createInOutTemplate() {
            RabbitTemplate template = new RabbitTemplate(getConnectionFactory());
            template.setRoutingKey(getRoutingKey());
            template.setUsePublisherConnection(isUsePublisherConnection());
            SimpleMessageListenerContainer replies = new SimpleMessageListenerContainer(getConnectionFactory());
            replies.setQueueNames(replyQueue);
            // the queue is gone with a lost connection and declared again on the next one: keep trying meanwhile
            replies.setMissingQueuesFatal(false);
            AsyncRabbitTemplate requests = new AsyncRabbitTemplate(template, replies, replyQueue);
            requests.setReceiveTimeout(getReplyTimeout());
            return requests;
        }
    }
}
