package routes.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import routes.testing.GatewayApp;
import routes.testing.Load;
import routes.testing.NatsServerProcess;
import routes.testing.Outages;
import routes.testing.Resources;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * nats-server stopped and started again while clients keep posting, with the gateway and the pricer in separate
 * processes (each with its own connection). Nothing is restarted but NATS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerOutageTest {

    static final long TIMEOUT_MS = 1000;
    static final long RECOVERY_LIMIT_MS = 2000;

    private NatsServerProcess nats;
    private GatewayApp gateway;
    private GatewayApp pricer;

    @BeforeAll
    void start() throws Exception {
        nats = NatsServerProcess.start();
        gateway = GatewayApp.start(nats.url(), "gateway", Map.of("football.timeout", String.valueOf(TIMEOUT_MS),
                "nats.connection-name", "outage-gateway"));
        pricer = GatewayApp.start(nats.url(), "pricer", Map.of("nats.connection-name", "outage-pricer"));
    }

    @AfterAll
    void stop() throws Exception {
        Resources.closeAll(gateway, pricer, nats);
    }

    @Test
    void aFiveSecondOutageUnderLoadIsAnsweredInTimeAndRecoversBySelf() throws Exception {
        try (Load load = Load.start(gateway.uri("/football"), 8, 5, n -> Outages.VALID)) {
            Thread.sleep(1000);
            nats.stop();
            Thread.sleep(5000);
            nats.startAgain();
            long back = System.nanoTime();
            long recovery = Outages.recoveryMillis(load, back, 10_000);
            Thread.sleep(RECOVERY_LIMIT_MS + 1000);
            load.close();
            report("5 s outage", load.answers(), List.of(recovery));

            Outages.assertAnsweredInTime(load.answers(), TIMEOUT_MS);
            assertThat(recovery).as("200s resume after NATS returns (ms)").isLessThan(RECOVERY_LIMIT_MS);
            long settled = back + TimeUnit.MILLISECONDS.toNanos(RECOVERY_LIMIT_MS);
            assertThat(load.startedAfter(settled)).isNotEmpty().allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
            assertThat(load.answers()).extracting(Load.Answer::status).contains(503);
        }
    }

    @Test
    void tenStopStartCyclesUnderLoadRecoverEveryTime() throws Exception {
        List<Long> recoveries = new ArrayList<>();
        try (Load load = Load.start(gateway.uri("/football"), 8, 5, n -> Outages.VALID)) {
            for (int cycle = 0; cycle < 10; cycle++) {
                Thread.sleep(700);
                nats.stop();
                Thread.sleep(1500);
                nats.startAgain();
                long back = System.nanoTime();
                recoveries.add(Outages.recoveryMillis(load, back, 10_000));
            }
            Thread.sleep(1000);
            load.close();
            report("10 cycles", load.answers(), recoveries);
            Outages.assertAnsweredInTime(load.answers(), TIMEOUT_MS);
            assertThat(recoveries).hasSize(10).allSatisfy(millis -> assertThat(millis).isLessThan(RECOVERY_LIMIT_MS));
        }
    }

    /** The figures the closing note quotes. */
    static void report(String what, List<Load.Answer> answers, List<Long> recoveries) {
        long ok = answers.stream().filter(a -> a.status() == 200).count();
        long unavailable = answers.stream().filter(a -> a.status() == 503).count();
        long timedOut = answers.stream().filter(a -> a.status() == 504).count();
        long slowest = answers.stream().mapToLong(Load.Answer::millis).max().orElse(0);
        System.out.printf("[fault figures] %s: %d answers (200: %d, 503: %d, 504: %d), slowest %d ms, recovery ms %s%n",
                what, answers.size(), ok, unavailable, timedOut, slowest, recoveries);
    }
}
