package routes.app;

import java.io.IOException;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import routes.observe.TcpProbe;
import routes.ppv.WizardSimulator;

/**
 * Dev profile only, when this process runs the ppv flow: the billing-line simulator ({@link WizardSimulator}, answers
 * OK) when nothing listens at {@code ppv.wizard.host:port} on this machine, stopped with the gateway. RabbitMQ itself
 * is not started: the dev profile uses the one at {@code ppv.rabbitmq.addresses} (guest on vhost / by default).
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
}
