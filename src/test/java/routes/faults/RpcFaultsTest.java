package routes.faults;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import routes.testing.DyingResponder;
import routes.testing.GatewayApp;
import routes.testing.NatsServerProcess;
import routes.testing.Resources;
import routes.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge's broker faults, as football's tests prove them for football: two service instances sharing a queue
 * group (each call answered once, both take a share), an instance that dies holding a call (that caller's 504,
 * nobody else's), and a NATS outage (503 at once, 200s again by themselves).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RpcFaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_MS = 1000;
    private static final int CALLS = 300;

    private NatsServerProcess nats;
    private TestDatabase database;
    private GatewayApp gatewayAndServices;
    private GatewayApp servicesOnly;

    @BeforeAll
    void start() throws Exception {
        nats = NatsServerProcess.start();
        database = TestDatabase.create();
        Map<String, String> settings = new HashMap<>(database.settings());
        settings.put("rpc.timeout-ms", String.valueOf(TIMEOUT_MS));
        settings.put("nats.reconnect-wait-ms", "200");
        gatewayAndServices = GatewayApp.start(nats.url(), "gateway,worker", settings);
        Map<String, String> second = new HashMap<>(settings);
        second.put("app.flows", "rpc");
        second.put("nats.connection-name", "second-services");
        servicesOnly = GatewayApp.start(nats.url(), "worker", second);
    }

    @AfterAll
    void stop() throws Exception {
        Resources.closeAll(servicesOnly, gatewayAndServices, database, nats);
    }

    private HttpResponse<String> hello(String name) throws Exception {
        return gatewayAndServices.post("/greeting_service.hello", "application/json",
                ("[[\"" + name + "\"]]").getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** requests of greeting_service.hello counted by each instance's own discovery statistics. */
    private List<Long> helloCounts() throws Exception {
        List<Long> counts = new ArrayList<>();
        try (Connection plain = Nats.connect(nats.url())) {
            var inbox = plain.createInbox();
            var answers = plain.subscribe(inbox);
            plain.publish("$SRV.STATS.greeting_service", inbox, null);
            for (var answer = answers.nextMessage(Duration.ofSeconds(1)); answer != null && !answer.isStatusMessage();
                 answer = answers.nextMessage(Duration.ofMillis(300))) {
                for (JsonNode endpoint : JSON.readTree(answer.getData()).path("endpoints")) {
                    if (endpoint.path("name").asText().equals("hello")) {
                        counts.add(endpoint.path("num_requests").asLong());
                    }
                }
            }
        }
        return counts;
    }

    @Test
    void twoInstancesInTheQueueGroupShareTheCallsAndEachIsAnsweredOnce() throws Exception {
        long before = helloCounts().stream().mapToLong(Long::longValue).sum();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, CALLS)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                        try {
                            return hello("q" + i);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }, clients)).toList();
            for (int i = 0; i < CALLS; i++) {
                HttpResponse<String> response = calls.get(i).get(60, TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("[[\"Hello, q" + i + "\"],{}]");
            }
        } finally {
            clients.shutdownNow();
        }
        List<Long> counts = helloCounts();
        assertThat(counts).hasSize(2);
        assertThat(counts.stream().mapToLong(Long::longValue).sum() - before).isEqualTo(CALLS);
        assertThat(counts).allSatisfy(count -> assertThat(count).isPositive());
        JsonNode services = JSON.readTree(gatewayAndServices.get("/services").body()).path("services");
        assertThat(services.findValues("instances").stream().map(JsonNode::asInt)).contains(2);
    }

    @Test
    void anInstanceThatDiesHoldingACallCostsThatCallerA504AndNobodyElse() throws Exception {
        DyingResponder dying = DyingResponder.join(nats.url(), "greeting_service.hello", "greeting_service.hello");

        List<Long> slow = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();
        while (dying.taken() == 0 && statuses.size() < 300) {
            long started = System.nanoTime();
            statuses.add(hello("d").statusCode());
            slow.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
        assertThat(dying.taken()).as("the dying instance took a call").isEqualTo(1);
        for (int i = 0; i < 30; i++) {
            statuses.add(hello("after").statusCode());
        }

        assertThat(statuses.stream().filter(s -> s == 504).count()).isEqualTo(1);
        assertThat(statuses).allSatisfy(s -> assertThat(s).isIn(200, 504));
        assertThat(statuses.subList(statuses.size() - 30, statuses.size())).allSatisfy(s -> assertThat(s).isEqualTo(200));
        assertThat(slow).allSatisfy(millis -> assertThat(millis).isLessThan(TIMEOUT_MS + 500));
    }

    @Test
    void aNatsOutageIs503AtOnceAndTheCallsComeBackByThemselves() throws Exception {
        assertThat(hello("before").statusCode()).isEqualTo(200);

        nats.stop();
        try {
            long started = System.nanoTime();
            HttpResponse<String> during = hello("during");
            assertThat(during.statusCode()).as(during.body()).isIn(503, 504);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(TIMEOUT_MS + 500);
            HttpResponse<String> later = hello("later");
            assertThat(later.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(later.body()).path("error").asText()).contains("unavailable");
            HttpResponse<String> services = gatewayAndServices.get("/services");
            assertThat(services.statusCode()).isEqualTo(503);
        } finally {
            nats.startAgain();
        }
        long back = System.nanoTime();
        int status = 0;
        while (status != 200 && System.nanoTime() - back < TimeUnit.SECONDS.toNanos(10)) {
            status = hello("back").statusCode();
            if (status != 200) {
                Thread.sleep(50);
            }
        }
        long recoveryMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
        System.out.printf("[fault figures] rpc NATS outage: 200s again %d ms after nats-server was back%n", recoveryMillis);
        assertThat(status).isEqualTo(200);
        assertThat(recoveryMillis).isLessThan(3000);
    }
}
