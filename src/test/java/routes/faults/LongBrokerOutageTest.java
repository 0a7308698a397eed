package routes.faults;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import routes.testing.GatewayApp;
import routes.testing.Load;
import routes.testing.NatsServerProcess;
import routes.testing.Outages;
import routes.testing.Resources;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A three-minute outage under load: longer than jnats' default reconnect budget (60 attempts, 2 s apart), which
 * would close the connection for good. The gateway keeps answering 503 in time and recovers by itself.
 */
class LongBrokerOutageTest {

    private static final long OUTAGE_MS = TimeUnit.MINUTES.toMillis(3);

    @Test
    void aThreeMinuteOutageIsAnsweredInTimeAndRecoversBySelf() throws Exception {
        NatsServerProcess nats = NatsServerProcess.start();
        GatewayApp gateway = null;
        GatewayApp pricer = null;
        try {
            gateway = GatewayApp.start(nats.url(), "gateway", Map.of(
                    "football.timeout", String.valueOf(BrokerOutageTest.TIMEOUT_MS), "nats.connection-name", "long-gateway"));
            pricer = GatewayApp.start(nats.url(), "pricer", Map.of("nats.connection-name", "long-pricer"));
            try (Load load = Load.start(gateway.uri("/football"), 4, 20, n -> Outages.VALID)) {
                Thread.sleep(1000);
                nats.stop();
                Thread.sleep(OUTAGE_MS);
                nats.startAgain();
                long back = System.nanoTime();
                long recovery = Outages.recoveryMillis(load, back, 10_000);
                Thread.sleep(BrokerOutageTest.RECOVERY_LIMIT_MS + 1000);
                load.close();
                BrokerOutageTest.report("3 min outage", load.answers(), List.of(recovery));

                Outages.assertAnsweredInTime(load.answers(), BrokerOutageTest.TIMEOUT_MS);
                assertThat(recovery).isLessThan(BrokerOutageTest.RECOVERY_LIMIT_MS);
                long settled = back + TimeUnit.MILLISECONDS.toNanos(BrokerOutageTest.RECOVERY_LIMIT_MS);
                assertThat(load.startedAfter(settled)).isNotEmpty()
                        .allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
            }
        } finally {
            Resources.closeAll(gateway, pricer, nats);
        }
    }
}
