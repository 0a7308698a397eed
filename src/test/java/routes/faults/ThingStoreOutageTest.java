package routes.faults;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import routes.testing.GatewayApp;
import routes.testing.Load;
import routes.testing.NatsServerProcess;
import routes.testing.Resources;
import routes.testing.TcpProxy;
import routes.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL gone under load (a proxy the test owns cuts every connection and refuses new ones, as a stopped
 * server would): thing_service answers 503 within the pool's connection timeout, greeting_service is unaffected,
 * things are served again by themselves once the database is back, and every thing answered 200 is stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThingStoreOutageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long CONNECTION_TIMEOUT_MS = 2000;
    private static final long SLACK_MS = 500;
    private static final long OUTAGE_MS = 5000;

    private NatsServerProcess nats;
    private TestDatabase database;
    private TcpProxy proxy;
    private GatewayApp app;

    @BeforeAll
    void start() throws Exception {
        nats = NatsServerProcess.start();
        database = TestDatabase.create();
        proxy = TcpProxy.start(database.host(), database.port());
        app = GatewayApp.start(nats.url(), "gateway,worker", settings());
    }

    private Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>(database.settings(database.urlThrough("127.0.0.1", proxy.port())));
        settings.put("db.connection-timeout-ms", String.valueOf(CONNECTION_TIMEOUT_MS));
        settings.put("db.migrate-retry-ms", "300");
        return settings;
    }

    @AfterAll
    void stop() throws Exception {
        Resources.closeAll(app, proxy, database, nats);
    }

    @Test
    void theStoreGoneIs503InTimeGreetingsGoOnAndThingsComeBackWithNothingLost() throws Exception {
        AtomicInteger names = new AtomicInteger();
        Load things = Load.start(app.uri("/thing_service.create_thing"), 4, 10,
                n -> "{\"name\": \"thing-" + names.incrementAndGet() + "\"}");
        Load greetings = Load.start(app.uri("/greeting_service.hello"), 2, 10, n -> "[[\"g" + n + "\"]]");
        Thread.sleep(1500);

        proxy.cut();
        long cutAt = System.nanoTime();
        Thread.sleep(OUTAGE_MS);
        proxy.restore();
        long backAt = System.nanoTime();
        long recovered = waitForThing(things, backAt);
        Thread.sleep(1500);
        things.close();
        greetings.close();

        List<Load.Answer> thingAnswers = things.answers();
        assertThat(thingAnswers).allSatisfy(a -> {
            assertThat(a.status()).as(a.body()).isIn(200, 503);
            assertThat(a.millis()).as("answered %d after %d ms", a.status(), a.millis())
                    .isLessThanOrEqualTo(CONNECTION_TIMEOUT_MS + SLACK_MS);
        });
        List<Load.Answer> duringOutage = thingAnswers.stream()
                .filter(a -> a.startNanos() > cutAt + TimeUnit.MILLISECONDS.toNanos(100) && a.endNanos() < backAt).toList();
        assertThat(duringOutage).isNotEmpty().allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(503);
            assertThat(JSON.readTree(a.body()).path("error").asText()).contains("unavailable");
        });
        assertThat(greetings.answers()).isNotEmpty().allSatisfy(a -> {
            assertThat(a.status()).as(a.body()).isEqualTo(200);
            assertThat(a.millis()).isLessThan(SLACK_MS);
        });
        long greetingsDuringOutage = greetings.answers().stream()
                .filter(a -> a.startNanos() > cutAt && a.endNanos() < backAt).count();
        assertThat(greetingsDuringOutage).as("greetings answered while the store was gone").isPositive();

        Set<String> answered = new HashSet<>();
        for (Load.Answer a : thingAnswers) {
            if (a.status() == 200) {
                answered.add(JSON.readTree(a.body()).get(1).path("name").asText());
            }
        }
        Set<String> stored = new HashSet<>(database.column("SELECT name FROM thing"));
        assertThat(stored).containsAll(answered);
        long served503 = thingAnswers.stream().filter(a -> a.status() == 503).count();
        long slowest503 = thingAnswers.stream().filter(a -> a.status() == 503).mapToLong(Load.Answer::millis).max().orElse(0);
        System.out.printf("[fault figures] thing store cut for %d ms under load: %d answers (%d x 200, %d x 503, slowest "
                        + "503 %d ms); %d greetings meanwhile, all 200; things again %d ms after it was back; %d answered "
                        + "things, all stored%n", OUTAGE_MS, thingAnswers.size(), answered.size(), served503, slowest503,
                greetingsDuringOutage, recovered, answered.size());
    }

    /** Started without its database: 503 "not ready" and readiness says why; migrated and serving once it answers. */
    @Test
    void aStoreMissingAtStartUpIsMigratedWhenItAppears() throws Exception {
        proxy.cut();
        try (GatewayApp late = GatewayApp.start(nats.url(), "gateway,worker", overrides("late-services"))) {
            HttpResponse<String> notYet = late.post("/thing_service.get_things", null, new byte[0], Map.of());
            assertThat(notYet.statusCode()).isEqualTo(503);
            HttpResponse<String> ready = late.get("/observe/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("database-rpc");

            proxy.restore();
            long back = System.nanoTime();
            int status = 0;
            while (status != 200 && System.nanoTime() - back < TimeUnit.SECONDS.toNanos(10)) {
                Thread.sleep(100);
                status = late.get("/observe/health/ready").statusCode();
            }
            assertThat(status).as("ready once migrated").isEqualTo(200);
            HttpResponse<String> served = late.post("/thing_service.get_things", null, new byte[0], Map.of());
            assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        } finally {
            proxy.restore();
        }
    }

    private Map<String, String> overrides(String connectionName) {
        Map<String, String> settings = settings();
        settings.put("nats.connection-name", connectionName);
        settings.put("app.flows", "rpc");
        return settings;
    }

    private static long waitForThing(Load things, long backAt) throws InterruptedException {
        long deadline = backAt + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            long first = things.startedAfter(backAt).stream().filter(a -> a.status() == 200)
                    .mapToLong(Load.Answer::endNanos).min().orElse(Long.MAX_VALUE);
            if (first != Long.MAX_VALUE) {
                return TimeUnit.NANOSECONDS.toMillis(first - backAt);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no thing stored within 10 s of the database returning");
    }
}
