package routes.rabbitmq;

import routes.observe.ReadinessCheck;

/** Ready while a connection to one of the broker's addresses is open, or can be opened now. */
public final class RabbitReadiness extends ReadinessCheck {

    private final RabbitBroker broker;

    public RabbitReadiness(String id, RabbitBroker broker) {
        super(id);
        this.broker = broker;
    }

    @Override
    protected String problem() {
        // the open connection when there is one (cheap), else a connect attempt
        if (broker.connect()) {
            return null;
        }
        return "RabbitMQ not reachable at " + broker.settings().addressList() + " (vhost " + broker.settings().vhost()
                + ", user " + broker.settings().username() + "): " + broker.lastFailure()
                + "; requests that cross it are answered as unavailable until it is";
    }
}
