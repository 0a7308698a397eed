package routes.rpc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.nats.service.Discovery;
import io.nats.service.EndpointStats;
import io.nats.service.InfoResponse;
import io.nats.service.PingResponse;
import io.nats.service.StatsResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import routes.testing.GatewayApp;
import routes.testing.Resources;
import routes.testing.RpcStack;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every service, and football's pricers (as football-pricer), takes part in NATS service discovery: after a burst,
 * $SRV.INFO and $SRV.STATS read with a plain NATS client give the endpoints and exact counts; jnats' own discovery
 * client reads the same answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceDiscoveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HELLOS = 25;
    private static final int REFUSED = 7;
    private static final int PRICED = 11;
    private static final int INVALID_PRICES = 4;

    private RpcStack stack;
    private GatewayApp app;
    private Connection plain;

    @BeforeAll
    void start() throws Exception {
        stack = RpcStack.start(Map.of());
        app = stack.app();
        plain = Nats.connect(stack.nats().url());
        for (int i = 0; i < HELLOS; i++) {
            assertThat(call("/greeting_service.hello", "[[\"n" + i + "\"]]").statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < REFUSED; i++) {
            assertThat(call("/greeting_service.hello", "{\"nope\": " + i + "}").statusCode()).isEqualTo(400);
        }
        for (int i = 0; i < PRICED; i++) {
            assertThat(call("/football", "{\"game_id\":\"d" + i + "\",\"home_expected\":1,\"away_expected\":2}")
                    .statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < INVALID_PRICES; i++) {
            assertThat(call("/football", "{\"game_id\":\"d" + i + "\"}").statusCode()).isEqualTo(400);
        }
    }

    @AfterAll
    void stop() throws Exception {
        Resources.closeAll(plain, stack);
    }

    private java.net.http.HttpResponse<String> call(String path, String body) throws Exception {
        return app.post(path, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** All answers to a discovery request within the time given (each service instance answers once). */
    private List<JsonNode> ask(String subject) throws Exception {
        String inbox = plain.createInbox();
        Subscription answers = plain.subscribe(inbox);
        plain.publish(subject, inbox, null);
        List<JsonNode> all = new ArrayList<>();
        for (Message answer = answers.nextMessage(Duration.ofSeconds(1)); answer != null;
             answer = answers.nextMessage(Duration.ofMillis(300))) {
            if (answer.isStatusMessage()) {
                break; // "no responders": nobody answers that subject
            }
            all.add(JSON.readTree(answer.getData()));
        }
        answers.unsubscribe();
        return all;
    }

    private static JsonNode named(List<JsonNode> answers, String name) {
        return answers.stream().filter(a -> a.path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no answer from " + name + " in " + answers));
    }

    private static JsonNode endpoint(JsonNode service, String name) {
        for (JsonNode endpoint : service.path("endpoints")) {
            if (endpoint.path("name").asText().equals(name)) {
                return endpoint;
            }
        }
        throw new AssertionError("no endpoint " + name + " in " + service);
    }

    @Test
    void infoListsEveryServiceWithAVersionAndOneEndpointPerMethod() throws Exception {
        List<JsonNode> info = ask("$SRV.INFO");

        assertThat(info).extracting(i -> i.path("name").asText())
                .containsExactlyInAnyOrder("greeting_service", "thing_service", "websocket_test", "football-pricer");
        assertThat(info).allSatisfy(i -> {
            assertThat(i.path("type").asText()).isEqualTo("io.nats.micro.v1.info_response");
            assertThat(i.path("version").asText()).isEqualTo("1.0.0");
            assertThat(i.path("id").asText()).isNotBlank();
        });
        JsonNode greeting = named(info, "greeting_service");
        assertThat(greeting.path("endpoints").findValuesAsText("subject"))
                .containsExactlyInAnyOrder("greeting_service.hello", "greeting_service.hello_sleep");
        assertThat(endpoint(greeting, "hello").path("queue_group").asText()).isEqualTo("greeting_service.hello");
        assertThat(named(info, "thing_service").path("endpoints").findValuesAsText("name"))
                .containsExactlyInAnyOrder("create_thing", "get_things");
        JsonNode pricer = named(info, "football-pricer");
        assertThat(endpoint(pricer, "price").path("subject").asText()).isEqualTo("football.requests");
        assertThat(endpoint(pricer, "price").path("queue_group").asText()).isEqualTo("football-pricers");
    }

    @Test
    void statsCountTheBurstExactly() throws Exception {
        List<JsonNode> stats = ask("$SRV.STATS");

        JsonNode hello = endpoint(named(stats, "greeting_service"), "hello");
        assertThat(hello.path("num_requests").asLong()).isEqualTo(HELLOS + REFUSED);
        assertThat(hello.path("num_errors").asLong()).isEqualTo(REFUSED);
        assertThat(hello.path("last_error").asText()).startsWith("400:").contains("nope is not an argument");
        assertThat(hello.path("processing_time").asLong()).isPositive();
        assertThat(hello.path("average_processing_time").asLong())
                .isEqualTo(hello.path("processing_time").asLong() / (HELLOS + REFUSED));
        JsonNode sleep = endpoint(named(stats, "greeting_service"), "hello_sleep");
        assertThat(sleep.path("num_requests").asLong()).isZero();

        JsonNode price = endpoint(named(stats, "football-pricer"), "price");
        assertThat(price.path("num_requests").asLong()).isEqualTo(PRICED + INVALID_PRICES);
        assertThat(price.path("num_errors").asLong()).isEqualTo(INVALID_PRICES);
        assertThat(named(stats, "football-pricer").path("type").asText()).isEqualTo("io.nats.micro.v1.stats_response");
    }

    @Test
    void pingIsAnsweredPerServiceAndByNameAndId() throws Exception {
        List<JsonNode> pings = ask("$SRV.PING");
        assertThat(pings).hasSize(4);
        JsonNode greeting = named(pings, "greeting_service");
        assertThat(ask("$SRV.PING.greeting_service")).singleElement()
                .satisfies(p -> assertThat(p.path("id").asText()).isEqualTo(greeting.path("id").asText()));
        assertThat(ask("$SRV.STATS.greeting_service." + greeting.path("id").asText())).hasSize(1);
        assertThat(ask("$SRV.INFO.no_such_service")).isEmpty();
    }

    /** jnats' own discovery client understands the answers: the protocol is the standard one, not a lookalike. */
    @Test
    void jnatsDiscoveryReadsTheSameAnswers() throws Exception {
        Discovery discovery = new Discovery(plain, 1000, 10);

        List<PingResponse> pings = discovery.ping();
        assertThat(pings).extracting(PingResponse::getName)
                .containsExactlyInAnyOrder("greeting_service", "thing_service", "websocket_test", "football-pricer");
        InfoResponse greeting = discovery.info("greeting_service").get(0);
        assertThat(greeting.getVersion()).isEqualTo("1.0.0");
        assertThat(greeting.getEndpoints()).extracting(e -> e.getSubject())
                .containsExactlyInAnyOrder("greeting_service.hello", "greeting_service.hello_sleep");
        StatsResponse stats = discovery.stats("greeting_service").get(0);
        EndpointStats hello = stats.getEndpointStatsList().stream().filter(e -> e.getName().equals("hello"))
                .findFirst().orElseThrow();
        assertThat(hello.getNumRequests()).isEqualTo(HELLOS + REFUSED);
        assertThat(hello.getNumErrors()).isEqualTo(REFUSED);
        assertThat(stats.getStarted()).isNotNull();
    }
}
