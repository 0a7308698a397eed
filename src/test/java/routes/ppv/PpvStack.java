package routes.ppv;

import java.util.HashMap;
import java.util.Map;

import com.rabbitmq.client.Connection;

import routes.testing.GatewayApp;
import routes.testing.NatsServerProcess;
import routes.testing.RabbitVhost;
import routes.testing.Resources;

/**
 * What a ppv test class runs against: a vhost of its own on the machine's RabbitMQ, the billing simulator, the
 * gateway with the ppv gateway and worker (the queues named by the test), and a plain RabbitMQ client on the vhost.
 */
final class PpvStack implements AutoCloseable {

    private final NatsServerProcess nats;
    private final RabbitVhost vhost;
    private WizardSimulator wizard;
    private final GatewayApp app;
    private final Connection client;

    private PpvStack(NatsServerProcess nats, RabbitVhost vhost, WizardSimulator wizard, GatewayApp app, Connection client) {
        this.nats = nats;
        this.vhost = vhost;
        this.wizard = wizard;
        this.app = app;
        this.client = client;
    }

    /** {@code more}: settings on top of the vhost's, the queues' and the simulator's port. */
    static PpvStack start(String purpose, String queue, String invalidQueue, Map<String, String> more) throws Exception {
        NatsServerProcess nats = NatsServerProcess.start();
        RabbitVhost vhost = null;
        WizardSimulator wizard = null;
        GatewayApp app = null;
        try {
            vhost = RabbitVhost.create(purpose);
            wizard = WizardSimulator.start(0);
            Map<String, String> settings = new HashMap<>(vhost.settings());
            settings.put("app.flows", "ppv");
            settings.put("ppv.queue", queue);
            settings.put("ppv.invalid-queue", invalidQueue);
            settings.put("ppv.wizard.port", String.valueOf(wizard.port()));
            settings.putAll(more);
            app = GatewayApp.start(nats.url(), "gateway,worker", settings);
            return new PpvStack(nats, vhost, wizard, app, vhost.connect());
        } catch (Exception | Error e) {
            Resources.closeAll(app, wizard, vhost, nats);
            throw e;
        }
    }

    GatewayApp app() {
        return app;
    }

    WizardSimulator wizard() {
        return wizard;
    }

    Connection client() {
        return client;
    }

    /** The billing line down (nothing listens on its port) until {@link #wizardBack}. */
    void wizardDown() throws Exception {
        wizard.close();
    }

    /** A fresh simulator on the same port. */
    WizardSimulator wizardBack() throws Exception {
        wizard = WizardSimulator.start(wizard.port());
        return wizard;
    }

    @Override
    public void close() throws Exception {
        Resources.closeAll(client, app, wizard, vhost, nats);
    }
}
