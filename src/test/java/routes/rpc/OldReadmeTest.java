package routes.rpc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import routes.testing.RpcStack;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replaced project's README, answered: its curl lines run as it wrote them (curl itself, so the bytes and
 * headers are curl's: {@code -d} sends a form Content-Type), with only the host and port changed, and each gets
 * what the contract says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OldReadmeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SLEEP_MS = 2000;

    private RpcStack stack;
    private String base;

    @BeforeAll
    void start() throws Exception {
        stack = RpcStack.start(Map.of("greeting.sleep-ms", String.valueOf(SLEEP_MS)));
        base = "http://127.0.0.1:" + stack.app().uri("/").getPort();
    }

    @AfterAll
    void stop() throws Exception {
        stack.close();
    }

    /** Starts one README line in a shell, with the old host and port replaced by this gateway's. */
    private Process curl(String line) throws IOException {
        String command = line.replace("http://localhost:5000", base);
        // curl prints its progress meter on stderr, as it does for a person running the line
        return new ProcessBuilder("bash", "-c", command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static JsonNode output(Process curl) throws Exception {
        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).as("curl finished").isTrue();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.exitValue()).as(out).isZero();
        return JSON.readTree(out);
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    @Test
    void hello() throws Exception {
        assertThat(output(curl("curl -X POST 'http://localhost:5000/greeting_service.hello' "
                + "-d '[[\"Bob\"], {\"last_name\": \"Ross\"}]'")))
                .isEqualTo(json("[[\"Hello, Bob Ross\"], {}]"));
    }

    /** Two clients: the sleeping call is answered after its pause, the fast one at once, meanwhile. */
    @Test
    void theSleepAndTheFastCallFromTwoClients() throws Exception {
        long started = System.nanoTime();
        Process sleeping = curl("curl -X POST 'http://localhost:5000/greeting_service.hello_sleep' "
                + "-d '[[], {\"name\": \"Sleepy Bob\"}]'");
        Thread.sleep(200);
        Process fast = curl("curl -X POST 'http://localhost:5000/greeting_service.hello' "
                + "-d '[[\"Bob\"], {\"last_name\": \"Ross\"}]'");

        assertThat(output(fast)).isEqualTo(json("[[\"Hello, Bob Ross\"], {}]"));
        long fastMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(sleeping.isAlive()).as("the sleeping call is still sleeping").isTrue();
        assertThat(output(sleeping)).isEqualTo(json("[[\"Hello, Sleepy Bob\"], {}]"));
        long sleepMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(fastMillis).isLessThan(SLEEP_MS);
        assertThat(sleepMillis).isGreaterThanOrEqualTo(SLEEP_MS);
    }

    @Test
    void createThingThenGetThings() throws Exception {
        JsonNode created = output(curl("curl -X POST 'http://localhost:5000/thing_service.create_thing' "
                + "-d '[[], {\"name\": \"Alice\"}]'"));
        assertThat(created.get(0)).isEmpty();
        assertThat(created.get(1).path("name").asText()).isEqualTo("Alice");

        JsonNode things = output(curl("curl -X POST 'http://localhost:5000/thing_service.get_things'"));
        assertThat(things.get(1)).isEmpty();
        assertThat(things.get(0)).contains(created.get(1));
    }

    @Test
    void helloWebsocketReachesTheSubscribers() throws Exception {
        try (Connection browser = Nats.connect(stack.nats().url())) {
            Subscription events = browser.subscribe("websocket_test.websocket_test");
            browser.flush(Duration.ofSeconds(2));

            assertThat(output(curl("curl -X POST 'http://localhost:5000/websocket_test.hello_websocket' "
                    + "-d '[[\"websockets\"], {\"are\": \"awesome\"}]'")))
                    .isEqualTo(json("[[\"Look at your browser\"], {}]"));
            Message event = events.nextMessage(Duration.ofSeconds(2));
            assertThat(event).isNotNull();
            assertThat(json(new String(event.getData(), StandardCharsets.UTF_8)))
                    .isEqualTo(json("[[\"websockets\"], {\"are\": \"awesome\"}]"));
        }
    }
}
