package routes.ppv;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import routes.rabbitmq.RabbitBroker;
import routes.testing.GatewayApp;
import routes.testing.Load;
import routes.testing.NatsServerProcess;
import routes.testing.RabbitVhost;
import routes.testing.Resources;
import routes.testing.TcpProxy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The primary broker address cut under load (a test-owned proxy; the backup is a second way to the same broker),
 * then restored: answers keep coming within the timeout through the backup, the connection goes back to the primary
 * by itself, and only what was in flight at a switch is not OK.
 */
class PpvBrokerFailoverTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_MS = 2000;
    private static final int CLIENTS = 4;

    private static boolean connectedWithin(RabbitBroker broker, int port, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            if (broker.connectedTo() != null && broker.connectedTo().port() == port) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    @Test
    void thePrimaryCutAndRestoredUnderLoad() throws Exception {
        NatsServerProcess nats = NatsServerProcess.start();
        RabbitVhost vhost = RabbitVhost.create("ppv-failover");
        TcpProxy primary = TcpProxy.start(RabbitVhost.HOST, RabbitVhost.PORT);
        TcpProxy backup = TcpProxy.start(RabbitVhost.HOST, RabbitVhost.PORT);
        WizardSimulator wizard = WizardSimulator.start(0);
        GatewayApp app = null;
        try {
            Map<String, String> settings = new HashMap<>(vhost.settings(
                    "127.0.0.1:" + primary.port() + ",127.0.0.1:" + backup.port()));
            settings.put("app.flows", "ppv");
            settings.put("ppv.queue", "test.ppv.failover");
            settings.put("ppv.invalid-queue", "test.ppv.failover.invalid");
            settings.put("ppv.timeout-ms", String.valueOf(TIMEOUT_MS));
            settings.put("ppv.rabbitmq.failback-check-ms", "500");
            settings.put("ppv.rabbitmq.recovery-interval-ms", "500");
            settings.put("ppv.wizard.port", String.valueOf(wizard.port()));
            app = GatewayApp.start(nats.url(), "gateway,worker", settings);
            RabbitBroker broker = app.context().getRegistry().lookupByNameAndType("ppvBrokerConnection", RabbitBroker.class);
            List<Load.Answer> answers;
            long cutAt;
            long restoredAt;
            try (Load load = Load.start(app.uri("/api/v1/ppv"), CLIENTS, 5,
                    n -> "{\"content\": {\"connid\": \"0128031c21578752\", \"EV\": \"" + n + "\"}}")) {
                Thread.sleep(1500);
                assertThat(broker.connectedTo().port()).isEqualTo(primary.port());
                cutAt = System.nanoTime();
                primary.cut();
                assertThat(connectedWithin(broker, backup.port(), 5000)).as("on the backup").isTrue();
                // the requests in flight at the cut wait out their timeout (their replies' channel is gone)
                Thread.sleep(TIMEOUT_MS + 2500);
                restoredAt = System.nanoTime();
                primary.restore();
                assertThat(connectedWithin(broker, primary.port(), 5000)).as("back on the primary").isTrue();
                Thread.sleep(TIMEOUT_MS + 2500);
                load.close();
                answers = load.answers();
            }
            assertThat(broker.connectedTo().port()).as("back on the primary").isEqualTo(primary.port());
            assertThat(broker.failovers()).isGreaterThanOrEqualTo(2);
            int notOk = 0;
            for (Load.Answer answer : answers) {
                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                assertThat(answer.millis()).isLessThanOrEqualTo(TIMEOUT_MS + 1000);
                String code = JSON.readTree(answer.body()).path("callresult").asText();
                assertThat(code).isIn("OK", "ER995", "ER997");
                if (!code.equals("OK")) {
                    notOk++;
                }
            }
            long okOnBackup = answers.stream().filter(a -> a.startNanos() > cutAt + TimeUnit.SECONDS.toNanos(1)
                    && a.endNanos() < restoredAt && a.body().contains("\"OK\"")).count();
            long okAfter = answers.stream().filter(a -> a.startNanos() > restoredAt + TimeUnit.SECONDS.toNanos(2)
                    && a.body().contains("\"OK\"")).count();
            assertThat(okOnBackup).as("served through the backup").isGreaterThan(20);
            assertThat(okAfter).as("served after the failback").isGreaterThan(20);
            // each switch loses at most what was in flight (one request per client each time), and a few more while
            // the connection is re-made
            assertThat(notOk).as("answers not OK of %d", answers.size()).isLessThanOrEqualTo(4 * CLIENTS);
            System.out.printf("[fault figures] ppv failover: %d answers, %d not OK, %d failovers%n",
                    answers.size(), notOk, broker.failovers());
        } finally {
            Resources.closeAll(app, wizard, primary, backup, vhost, nats);
        }
    }
}
