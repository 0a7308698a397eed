package routes.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import routes.testing.DyingResponder;
import routes.testing.GatewayApp;
import routes.testing.Load;
import routes.testing.NatsServerProcess;
import routes.testing.Outages;
import routes.testing.Resources;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pricer that hangs, and one that dies mid-request, in the same queue group as a healthy pricer: their callers
 * get a 504 within the timeout, everyone else is priced.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PricerFaultsTest {

    private static final long TIMEOUT_MS = 800;
    private static final String SUBJECT = "football.requests";
    private static final String QUEUE = "football-pricers";

    private NatsServerProcess nats;
    private GatewayApp gateway;
    private GatewayApp healthyPricer;

    @BeforeAll
    void start() throws Exception {
        nats = NatsServerProcess.start();
        gateway = GatewayApp.start(nats.url(), "gateway", Map.of("football.timeout", String.valueOf(TIMEOUT_MS),
                "nats.connection-name", "faults-gateway"));
        healthyPricer = GatewayApp.start(nats.url(), "pricer", Map.of("nats.connection-name", "healthy-pricer"));
    }

    @AfterAll
    void stop() throws Exception {
        Resources.closeAll(gateway, healthyPricer, nats);
    }

    @Test
    void aHangingPricerCostsItsCallersA504AndNobodyElse() throws Exception {
        AtomicInteger swallowed = new AtomicInteger();
        try (Connection hanging = Nats.connect(nats.url())) {
            Dispatcher dispatcher = hanging.createDispatcher(message -> swallowed.incrementAndGet());
            dispatcher.subscribe(SUBJECT, QUEUE);
            hanging.flush(Duration.ofSeconds(2));

            List<Load.Answer> answers;
            try (Load load = Load.start(gateway.uri("/football"), 6, 0, n -> Outages.VALID)) {
                Thread.sleep(4000);
                load.close();
                answers = load.answers();
            }

            Outages.assertAnsweredInTime(answers, TIMEOUT_MS);
            long timedOut = answers.stream().filter(a -> a.status() == 504).count();
            assertThat(timedOut).as("one 504 for each request the hanging pricer took").isEqualTo(swallowed.get())
                    .isPositive();
            assertThat(answers).allSatisfy(a -> assertThat(a.status()).isIn(200, 504));
            assertThat(answers.stream().filter(a -> a.status() == 504))
                    .allSatisfy(a -> assertThat(a.millis()).isGreaterThanOrEqualTo(TIMEOUT_MS));
            assertThat(answers.stream().filter(a -> a.status() == 200).count()).as("the healthy pricer keeps serving")
                    .isPositive();
            BrokerOutageTest.report("hanging pricer", answers, List.of());
        }
    }

    @Test
    void aPricerThatDiesMidRequestCostsThatCallerA504AndTheOthersKeepServing() throws Exception {
        DyingResponder dying = DyingResponder.join(nats.url(), SUBJECT, QUEUE);

        List<Load.Answer> answers = new ArrayList<>();
        while (dying.taken() == 0 && answers.size() < 200) {
            answers.add(timed(() -> gateway.postJson(Outages.VALID)));
        }
        assertThat(dying.taken()).as("the dying pricer took a request").isEqualTo(1);
        for (int i = 0; i < 30; i++) {
            answers.add(timed(() -> gateway.postJson(Outages.VALID)));
        }

        Outages.assertAnsweredInTime(answers, TIMEOUT_MS);
        assertThat(answers.stream().filter(a -> a.status() == 504).count()).isEqualTo(1);
        assertThat(answers.subList(answers.size() - 30, answers.size()))
                .allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
    }

    private interface Call {
        java.net.http.HttpResponse<String> send() throws Exception;
    }

    private static Load.Answer timed(Call call) throws Exception {
        long start = System.nanoTime();
        java.net.http.HttpResponse<String> response = call.send();
        return new Load.Answer(start, System.nanoTime(), response.statusCode(), response.body());
    }
}
