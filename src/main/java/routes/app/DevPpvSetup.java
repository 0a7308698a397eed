package routes.app;

import java.io.IOException;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import routes.observe.TcpProbe;
import routes.ppv.WizardSimulator;
import routes.rabbitmq.DevAmqpBroker;
import routes.rabbitmq.RabbitSettings;
import routes.rabbitmq.RabbitSettings.HostPort;

/**
 * Dev profile only, when this process runs the ppv flow: the billing-line simulator ({@link WizardSimulator}, answers
 * OK) when nothing listens at {@code ppv.wizard.host:port} on this machine, and an embedded AMQP broker
 * ({@link DevAmqpBroker}) when no RabbitMQ answers at {@code ppv.rabbitmq.addresses} (the first one this machine's);
 * both stopped with the gateway. A RabbitMQ that answers is used (guest on vhost / by default).
 */
final class DevPpvSetup extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(DevPpvSetup.class);

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        if (!DevNatsSetup.DEV_PROFILE.equals(main.configure().getProfile())
                || !FlowRoutes.flows(context).contains(RabbitSetup.FLOW)) {
            return;
        }
        int probeMillis = Integer.parseInt(Settings.required(context, "dev.ppv.probe-timeout-ms"));
        if (Boolean.parseBoolean(Settings.required(context, "dev.amqp-broker.enabled"))) {
            startBrokerIfAbsent(context, probeMillis);
        }
        if (Boolean.parseBoolean(Settings.required(context, "dev.wizard-simulator.enabled"))) {
            String host = Settings.required(context, "ppv.wizard.host");
            int port = Integer.parseInt(Settings.required(context, "ppv.wizard.port"));
            if (TcpProbe.isLocal(host) && !TcpProbe.answers(host, port, probeMillis)) {
                try {
                    WizardSimulator simulator = WizardSimulator.start(port);
                    LOG.info("Dev profile: nothing listened at {}:{}; started the billing-line simulator there (answers OK); "
                            + "it stops with the gateway", host, port);
                    ContextHooks.onStop(context, () -> {
                        try {
                            simulator.close();
                        } catch (IOException e) {
                            LOG.debug("billing-line simulator did not close cleanly: {}", e.getMessage());
                        }
                    });
                } catch (IOException e) {
                    throw new IllegalStateException("Dev profile: the billing-line simulator did not start on port "
                            + port + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * An embedded AMQP broker on the first address when it is this machine's and no address answers; the gateway
     * then takes its replies from a queue of its own (the embedded broker has no direct reply-to).
     */
    private static void startBrokerIfAbsent(CamelContext context, int probeMillis) {
        RabbitSettings settings = RabbitSettings.from("ppv.rabbitmq.", key -> Settings.required(context, key));
        HostPort primary = settings.addresses().get(0);
        if (!TcpProbe.isLocal(primary.host())
                || settings.addresses().stream().anyMatch(a -> TcpProbe.answers(a.host(), a.port(), probeMillis))) {
            return;
        }
        DevAmqpBroker broker;
        try {
            broker = DevAmqpBroker.start(primary.host(), primary.port(), settings.vhost(), settings.username(),
                    settings.password(), probeMillis);
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("Dev profile: no RabbitMQ at " + primary + " and the embedded AMQP broker "
                    + "is not on the class path; run with the README's command (it adds target/dev-lib) or start RabbitMQ", e);
        }
        context.getPropertiesComponent().addOverrideProperty(RabbitSetup.REPLIES, RabbitSetup.REPLY_QUEUE);
        // added before the broker connection's own stop (RabbitSetup), so stopped after it
        ContextHooks.onStop(context, broker::close);
    }
}
