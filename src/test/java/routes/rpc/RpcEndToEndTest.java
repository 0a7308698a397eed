package routes.rpc;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import routes.testing.GatewayApp;
import routes.testing.Resources;
import routes.testing.RpcStack;
import routes.testing.Scrape;
import routes.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RPC bridge's contract (rpc.md) through real HTTP, a real nats-server and a real PostgreSQL: gateway and the
 * services in one process, plain NATS clients beside them as old clients and odd services would be.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RpcEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_MS = 1500;

    private RpcStack stack;
    private TestDatabase database;
    private GatewayApp app;
    private Connection plain;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("rpc.timeout-ms", String.valueOf(TIMEOUT_MS));
        settings.put("greeting.sleep-ms", "300");
        settings.put("rpc.allow", "greeting_service.*,thing_service.*,websocket_test.*,odd_service.*,"
                + "_INBOX.*,$SYS.*");
        stack = RpcStack.start(settings);
        database = stack.database();
        app = stack.app();
        plain = Nats.connect(stack.nats().url());
    }

    @AfterAll
    void stop() throws Exception {
        Resources.closeAll(plain, stack);
    }

    private HttpResponse<String> call(String name, String body) throws Exception {
        return app.post("/" + name, "application/json", bytes(body), Map.of());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(response.body());
    }

    // --- the services

    @Test
    void helloGreetsWithTheLastNameAndWithoutATrailingSpaceWhenThereIsNone() throws Exception {
        HttpResponse<String> both = call("greeting_service.hello", "[[\"Bob\"], {\"last_name\": \"Ross\"}]");
        assertThat(both.statusCode()).isEqualTo(200);
        assertThat(json(both)).isEqualTo(JSON.readTree("[[\"Hello, Bob Ross\"], {}]"));
        assertThat(json(call("greeting_service.hello", "[[\"Bob\"]]"))).isEqualTo(JSON.readTree("[[\"Hello, Bob\"], {}]"));
        assertThat(json(call("greeting_service.hello", "{\"first_name\": \"Bob\", \"last_name\": \"Ross\"}")))
                .isEqualTo(JSON.readTree("[[\"Hello, Bob Ross\"], {}]"));
        assertThat(json(call("greeting_service.hello", "[[\"Bob\", \"Ross\"], {}]")))
                .isEqualTo(JSON.readTree("[[\"Hello, Bob Ross\"], {}]"));
    }

    @Test
    void helloSleepAnswersAfterItsPause() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = call("greeting_service.hello_sleep", "[[], {\"name\": \"Sleepy Bob\"}]");
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(json(response)).isEqualTo(JSON.readTree("[[\"Hello, Sleepy Bob\"], {}]"));
        assertThat(millis).isGreaterThanOrEqualTo(300);
    }

    @Test
    void createThingStoresAndAnswersTheThingAndGetThingsListsThemOldestFirst() throws Exception {
        JsonNode alice = json(call("thing_service.create_thing", "[[], {\"name\": \"Alice\"}]"));
        JsonNode bob = json(call("thing_service.create_thing", "{\"name\": \"Bob\"}"));

        assertThat(alice.get(0)).isEmpty();
        JsonNode thing = alice.get(1);
        assertThat(thing.path("name").asText()).isEqualTo("Alice");
        assertThat(thing.path("uuid").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(thing.path("is_created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        assertThat(Duration.between(Instant.parse(thing.path("is_created_at").asText()), Instant.now()).abs())
                .isLessThan(Duration.ofMinutes(1));
        // committed: visible to another connection at once
        assertThat(database.column("SELECT name FROM thing WHERE uuid = '" + thing.path("uuid").asText() + "'"))
                .containsExactly("Alice");

        JsonNode all = json(call("thing_service.get_things", ""));
        assertThat(all.get(1)).isEmpty();
        List<String> names = all.get(0).findValuesAsText("name");
        assertThat(names).containsSubsequence("Alice", "Bob");
        assertThat(all.get(0)).anySatisfy(t -> assertThat(t).isEqualTo(thing));
        JsonNode one = json(call("thing_service.get_things", "{\"limit\": 1}"));
        assertThat(one.get(0)).hasSize(1);
        assertThat(one.get(0).get(0).path("is_created_at").asText())
                .isLessThanOrEqualTo(bob.get(1).path("is_created_at").asText());
    }

    @Test
    void helloWebsocketPublishesTheCallForTheBrowsersAndSaysSo() throws Exception {
        Subscription browsers = plain.subscribe("websocket_test.websocket_test");
        plain.flush(Duration.ofSeconds(2));

        HttpResponse<String> response = call("websocket_test.hello_websocket", "[[\"websockets\"], {\"are\": \"awesome\"}]");

        assertThat(json(response)).isEqualTo(JSON.readTree("[[\"Look at your browser\"], {}]"));
        Message published = browsers.nextMessage(Duration.ofSeconds(2));
        assertThat(JSON.readTree(published.getData())).isEqualTo(JSON.readTree("[[\"websockets\"], {\"are\": \"awesome\"}]"));
        browsers.unsubscribe();
    }

    // --- bodies and binding

    static Stream<Arguments> bodyForms() {
        return Stream.of(
                Arguments.of("", "[[],{}]"),
                Arguments.of("[]", "[[],{}]"),
                Arguments.of("[[1, \"a\"]]", "[[1,\"a\"],{}]"),
                Arguments.of("[[1], {\"k\": true}]", "[[1],{\"k\":true}]"),
                Arguments.of("{\"k\": [null]}", "[[],{\"k\":[null]}]"));
    }

    /** What crosses NATS is always [args, kwargs], with the request id as the only header. */
    @ParameterizedTest
    @MethodSource("bodyForms")
    void everyBodyFormCrossesNatsAsArgsAndKwargs(String body, String sent) throws Exception {
        Dispatcher echo = plain.createDispatcher(message -> plain.publish(message.getReplyTo(),
                bytes("[[" + JSON.valueToTree(new String(message.getData(), StandardCharsets.UTF_8)) + ", "
                        + JSON.valueToTree(message.getHeaders().keySet()) + "], {}]")));
        echo.subscribe("odd_service.echo");
        plain.flush(Duration.ofSeconds(2));
        try {
            JsonNode answer = json(app.post("/odd_service.echo", null, bytes(body), Map.of("X-Request-Id", "form-1",
                    "User-Agent", "test", "X-Other", "y")));
            assertThat(answer.get(0).get(0).asText()).isEqualTo(sent);
            assertThat(answer.get(0).get(1)).containsExactly(JSON.getNodeFactory().textNode("X-Request-Id"));
        } finally {
            plain.closeDispatcher(echo);
        }
    }

    static Stream<Arguments> refusedCalls() {
        return Stream.of(
                // binding, as a function call binds
                Arguments.of("greeting_service.hello", "[]", "first_name", "is required"),
                Arguments.of("greeting_service.hello", "{\"last_name\": \"Ross\"}", "first_name", "is required"),
                Arguments.of("greeting_service.hello", "[[\"Bob\"], {\"first_name\": \"Bob\"}]", "first_name",
                        "is given twice"),
                Arguments.of("greeting_service.hello", "[[\"Bob\"], {\"middle_name\": \"X\"}]", "middle_name",
                        "is not an argument of greeting_service.hello"),
                Arguments.of("greeting_service.hello", "[[\"a\", \"b\", \"c\"]]", "args",
                        "takes at most 2 positional arguments, got 3"),
                Arguments.of("greeting_service.hello", "[[5]]", "first_name", "must be a string, got a number"),
                Arguments.of("greeting_service.hello", "[[null]]", "first_name", "must be a string, got null"),
                Arguments.of("greeting_service.hello", "[[\"Bob\", [\"R\"]]]", "last_name", "must be a string, got an array"),
                Arguments.of("greeting_service.hello_sleep", "{\"name\": 7}", "name", "must be a string, got a number"),
                Arguments.of("thing_service.create_thing", "[[\"Alice\"]]", "args", "takes no positional arguments"),
                Arguments.of("thing_service.create_thing", "[]", "name", "is required"),
                Arguments.of("thing_service.create_thing", "{\"name\": \"\"}", "name", "must be 1 to 200 characters"),
                Arguments.of("thing_service.create_thing", "{\"name\": \" \\u3000 \"}", "name", "must not be blank"),
                Arguments.of("thing_service.create_thing", "{\"name\": \"" + "x".repeat(201) + "\"}", "name",
                        "must be 1 to 200 characters"),
                Arguments.of("thing_service.create_thing", "{\"name\": 1}", "name", "must be a string"),
                Arguments.of("thing_service.get_things", "{\"limit\": 0}", "limit", "must be between 1 and 1000"),
                Arguments.of("thing_service.get_things", "{\"limit\": 1001}", "limit", "must be between 1 and 1000"),
                Arguments.of("thing_service.get_things", "{\"limit\": 1.5}", "limit", "must be a whole number"),
                Arguments.of("thing_service.get_things", "{\"limit\": \"10\"}", "limit", "must be a whole number"),
                Arguments.of("thing_service.get_things", "[[10]]", "args", "takes no positional arguments"),
                // body forms the bridge refuses itself
                Arguments.of("greeting_service.hello", "[[], {}, {}]", "body", "at most two elements"),
                Arguments.of("greeting_service.hello", "[{}, {}]", "args", "must be an array, got an object"),
                Arguments.of("greeting_service.hello", "[[], []]", "kwargs", "must be an object, got an array"),
                Arguments.of("greeting_service.hello", "\"Bob\"", "body", "got a string"),
                Arguments.of("greeting_service.hello", "5", "body", "got a number"),
                Arguments.of("greeting_service.hello", "null", "body", "got null"),
                Arguments.of("greeting_service.hello", "[[\"Bob\"]", "body", "is not valid JSON"),
                Arguments.of("greeting_service.hello", "{\"first_name\": \"a\", \"first_name\": \"b\"}", "body",
                        "Duplicate field 'first_name'"),
                Arguments.of("greeting_service.hello", "[[\"Bob\"]] []", "body", "is not valid JSON"),
                Arguments.of("greeting_service.hello", "  ", "body", "is blank"));
    }

    @ParameterizedTest
    @MethodSource("refusedCalls")
    void refusedCallsAre400NamingTheArgumentAndTheRule(String name, String body, String field, String rule)
            throws Exception {
        HttpResponse<String> response = call(name, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode answer = json(response);
        assertThat(answer.path("error").asText()).contains(field).contains(rule);
        assertThat(answer.path("violations")).anySatisfy(v -> {
            assertThat(v.path("field").asText()).isEqualTo(field);
            assertThat(v.path("message").asText()).contains(rule);
        });
    }

    @Test
    void everyProblemOfACallIsNamedAtOnce() throws Exception {
        JsonNode answer = json(call("greeting_service.hello", "[[5, \"Ross\", \"x\"], {\"nick\": \"B\"}]"));
        assertThat(answer.path("violations").findValuesAsText("field")).containsExactly("args", "first_name", "nick");
    }

    /** A refused call is kept on JetStream (rpc.invalid) with its id, name, body and violations before its 400. */
    @Test
    void aRefusedCallLeavesOneDurableRecord() throws Exception {
        long before = plain.jetStreamManagement().getStreamInfo("RPC_INVALID").getStreamState().getMsgCount();
        HttpResponse<String> response = app.post("/greeting_service.hello", "application/json",
                bytes("{\"nick\": \"B\"}"), Map.of("X-Request-Id", "refused-rec-1"));
        assertThat(response.statusCode()).isEqualTo(400);

        assertThat(plain.jetStreamManagement().getStreamInfo("RPC_INVALID").getStreamState().getMsgCount())
                .isEqualTo(before + 1);
        MessageInfo last = plain.jetStreamManagement().getLastMessage("RPC_INVALID", "rpc.invalid");
        JsonNode record = JSON.readTree(last.getData());
        assertThat(record.path("request_id").asText()).isEqualTo("refused-rec-1");
        assertThat(record.path("rpc").asText()).isEqualTo("greeting_service.hello");
        assertThat(record.path("body").asText()).isEqualTo("[[],{\"nick\":\"B\"}]");
        assertThat(record.path("violations").findValuesAsText("field")).containsExactly("first_name", "nick");
        assertThat(Instant.parse(record.path("time").asText())).isAfter(Instant.now().minusSeconds(60));
    }

    // --- names and the allowlist

    static Stream<Arguments> malformedNames() {
        return Stream.of(
                Arguments.of("/a.b.c", "service", "contains a dot"),
                Arguments.of("/a..b", "service", "contains a dot"),
                Arguments.of("/.hello", "service", "is empty"),
                Arguments.of("/greeting_service.", "method", "is empty"),
                Arguments.of("/%2A.hello", "service", "wildcard"),
                Arguments.of("/greeting_service.%3E", "method", "wildcard"),
                Arguments.of("/%24SYS.x", "service", "starts with '$'"),
                Arguments.of("/" + "s".repeat(65) + ".m", "service", "longer than 64 characters"),
                Arguments.of("/s." + "m".repeat(65), "method", "longer than 64 characters"),
                Arguments.of("/gr%C3%A9eting.hello", "service", "only the characters"),
                Arguments.of("/a%20b.c", "service", "only the characters"),
                // the name is read from the path only: a header of the same name changes nothing
                Arguments.of("/a+b.c", "service", "only the characters"));
    }

    @ParameterizedTest
    @MethodSource("malformedNames")
    void malformedNamesAre400BeforeAnythingReachesNats(String path, String part, String rule) throws Exception {
        Subscription everything = plain.subscribe(">");
        plain.flush(Duration.ofSeconds(2));
        try {
            HttpResponse<String> response = app.post(path, "application/json", bytes("[]"), Map.of());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            JsonNode answer = json(response);
            assertThat(answer.path("violations")).anySatisfy(v -> {
                assertThat(v.path("field").asText()).isEqualTo(part);
                assertThat(v.path("message").asText()).contains(rule);
            });
            Message seen = everything.nextMessage(Duration.ofMillis(200));
            while (seen != null && seen.getSubject().startsWith("$JS")) {
                seen = everything.nextMessage(Duration.ofMillis(200));
            }
            assertThat(seen).as("nothing crossed NATS").isNull();
        } finally {
            everything.unsubscribe();
        }
    }

    @Test
    void theNameComesFromThePathNotFromHeadersOfTheSameName() throws Exception {
        HttpResponse<String> response = app.post("/.hello", "application/json", bytes("[[\"x\"]]"),
                Map.of("service", "greeting_service", "method", "hello"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("violations").get(0).path("field").asText()).isEqualTo("service");
        HttpResponse<String> query = app.post("/greeting_service.hello?method=x", "application/json",
                bytes("[[\"Bob\"]]"), Map.of());
        assertThat(json(query)).isEqualTo(JSON.readTree("[[\"Hello, Bob\"], {}]"));
    }

    @Test
    void namesOutsideTheAllowlistAre403AndInboxesAndSystemSubjectsNeverCallable() throws Exception {
        assertThat(call("secret_service.read", "[]").statusCode()).isEqualTo(403);
        assertThat(json(call("secret_service.read", "[]")).path("error").asText())
                .isEqualTo("rpc 'secret_service.read' is not allowed");
        // allowed by the pattern _INBOX.* in this test's allowlist, and still refused
        assertThat(call("_INBOX.abc", "[]").statusCode()).isEqualTo(403);
    }

    @Test
    void nobodyServingIs404WithWhatIsServedNowAllowedOnlyAndSorted() throws Exception {
        HttpResponse<String> response = call("greeting_service.helo", "[]");

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode answer = json(response);
        assertThat(answer.path("error").asText()).isEqualTo("unknown rpc 'greeting_service.helo'");
        List<String> available = JSON.convertValue(answer.path("available"), JSON.getTypeFactory()
                .constructCollectionType(List.class, String.class));
        assertThat(available).containsExactly("greeting_service.hello", "greeting_service.hello_sleep",
                "thing_service.create_thing", "thing_service.get_things", "websocket_test.hello_websocket");
        assertThat(available).doesNotContain("football.requests");
    }

    // --- answers of odd services, timeouts

    @Test
    void aServiceErrorReplyBecomesItsStatusOr502() throws Exception {
        Dispatcher odd = plain.createDispatcher(message -> {
            String code = new String(message.getData(), StandardCharsets.UTF_8).contains("409") ? "409" : "500";
            plain.publish(NatsMessage.builder().subject(message.getReplyTo())
                    .headers(new Headers().put("Nats-Service-Error-Code", code).put("Nats-Service-Error", "odd " + code))
                    .data(code.equals("409") ? bytes("{\"error\": \"odd conflict\"}") : bytes("not json")).build());
        });
        odd.subscribe("odd_service.fail");
        Dispatcher notACall = plain.createDispatcher(message -> plain.publish(message.getReplyTo(), bytes("{\"x\": 1}")));
        notACall.subscribe("odd_service.shape");
        plain.flush(Duration.ofSeconds(2));
        try {
            HttpResponse<String> conflict = call("odd_service.fail", "[[409]]");
            assertThat(conflict.statusCode()).isEqualTo(409);
            assertThat(json(conflict).path("error").asText()).isEqualTo("odd conflict");
            HttpResponse<String> failed = call("odd_service.fail", "[]");
            assertThat(failed.statusCode()).isEqualTo(502);
            assertThat(json(failed).path("error").asText()).isEqualTo("odd 500");
            HttpResponse<String> shape = call("odd_service.shape", "[]");
            assertThat(shape.statusCode()).isEqualTo(502);
            assertThat(json(shape).path("error").asText()).contains("not [args, kwargs]");
        } finally {
            plain.closeDispatcher(odd);
            plain.closeDispatcher(notACall);
        }
    }

    @Test
    void aSilentServiceIs504WithinTheTimeoutAndXTimeoutMsLowersItButNeverRaisesIt() throws Exception {
        Dispatcher silent = plain.createDispatcher(message -> { });
        silent.subscribe("odd_service.silent");
        plain.flush(Duration.ofSeconds(2));
        try {
            long started = System.nanoTime();
            HttpResponse<String> timedOut = call("odd_service.silent", "[]");
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(timedOut.statusCode()).isEqualTo(504);
            assertThat(json(timedOut).path("error").asText()).isEqualTo("rpc 'odd_service.silent' timed out");
            assertThat(millis).isBetween(TIMEOUT_MS, TIMEOUT_MS + 500);

            started = System.nanoTime();
            assertThat(app.post("/odd_service.silent", "application/json", bytes("[]"), Map.of("X-Timeout-Ms", "200"))
                    .statusCode()).isEqualTo(504);
            assertThat((System.nanoTime() - started) / 1_000_000).isBetween(200L, 700L);

            started = System.nanoTime();
            assertThat(app.post("/odd_service.silent", "application/json", bytes("[]"), Map.of("X-Timeout-Ms", "60000"))
                    .statusCode()).isEqualTo(504);
            assertThat((System.nanoTime() - started) / 1_000_000).isBetween(TIMEOUT_MS, TIMEOUT_MS + 500);
        } finally {
            plain.closeDispatcher(silent);
        }
        for (String bad : new String[] {"0", "-5", "1.5", "soon", ""}) {
            HttpResponse<String> response = app.post("/greeting_service.hello", "application/json",
                    bytes("[[\"Bob\"]]"), Map.of("X-Timeout-Ms", bad));
            assertThat(response.statusCode()).as("X-Timeout-Ms '%s'", bad).isEqualTo(400);
            assertThat(json(response).path("violations").get(0).path("field").asText()).isEqualTo("X-Timeout-Ms");
        }
    }

    // --- HTTP

    @Test
    void mediaTypesJsonNoneAndFormAreReadAsJsonOthersAre415() throws Exception {
        byte[] body = bytes("[[\"Bob\"]]");
        for (String type : new String[] {"application/json", "application/json; charset=utf-8", null,
                "application/x-www-form-urlencoded"}) {
            assertThat(app.post("/greeting_service.hello", type, body, Map.of()).statusCode()).as(type).isEqualTo(200);
        }
        for (String type : new String[] {"text/plain", "application/xml", "*/*", "multipart/form-data; boundary=x"}) {
            HttpResponse<String> response = app.post("/greeting_service.hello", type, body, Map.of());
            assertThat(response.statusCode()).as(type).isEqualTo(415);
            assertThat(json(response).path("error").asText()).contains("media type");
        }
    }

    @Test
    void otherMethodsAre405AndBodiesOverTheLimit413() throws Exception {
        HttpResponse<String> get = app.get("/greeting_service.hello");
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertThat(json(get).path("error").asText()).isEqualTo("method not allowed");
        HttpResponse<String> large = app.post("/greeting_service.hello", "application/json", new byte[70_000], Map.of());
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(json(large).path("error").asText()).isEqualTo("request body too large");
    }

    @Test
    void theRequestIdIsEchoedAndTravelsToTheService() throws Exception {
        Dispatcher echo = plain.createDispatcher(message -> plain.publish(message.getReplyTo(),
                bytes("[[\"" + message.getHeaders().getFirst("X-Request-Id") + "\"], {}]")));
        echo.subscribe("odd_service.id");
        plain.flush(Duration.ofSeconds(2));
        try {
            HttpResponse<String> response = app.post("/odd_service.id", "application/json", bytes("[]"),
                    Map.of("X-Request-Id", "rpc-id-42"));
            assertThat(response.headers().firstValue("X-Request-Id")).hasValue("rpc-id-42");
            assertThat(json(response).get(0).get(0).asText()).isEqualTo("rpc-id-42");
            HttpResponse<String> refused = call("secret.x", "[]");
            assertThat(refused.headers().firstValue("X-Request-Id")).isPresent();
        } finally {
            plain.closeDispatcher(echo);
        }
    }

    // --- over NATS, as the old services' plain clients see it

    @Test
    void aPlainNatsClientGetsWhatTheOldServicesSent() throws Exception {
        Message reply = plain.request("greeting_service.hello", bytes("[[\"Bob\"], {\"last_name\": \"Ross\"}]"),
                Duration.ofSeconds(2));
        assertThat(JSON.readTree(reply.getData())).isEqualTo(JSON.readTree("[[\"Hello, Bob Ross\"], {}]"));
        assertThat(reply.hasHeaders()).isFalse();

        Message refused = plain.request("greeting_service.hello", bytes("[[], {}]"), Duration.ofSeconds(2));
        assertThat(refused.getHeaders().getFirst("Nats-Service-Error-Code")).isEqualTo("400");
        assertThat(refused.getHeaders().getFirst("Nats-Service-Error")).isEqualTo("first_name is required");
        assertThat(JSON.readTree(refused.getData()).path("violations").get(0).path("field").asText()).isEqualTo("first_name");
    }

    @Test
    void getServicesListsWhatIsServedWithCounts() throws Exception {
        for (int i = 0; i < 3; i++) {
            call("greeting_service.hello", "[[\"x\"]]");
        }
        HttpResponse<String> response = app.get("/services");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode services = json(response).path("services");
        assertThat(services.findValuesAsText("name")).contains("greeting_service", "thing_service", "websocket_test",
                "football-pricer");
        JsonNode greeting = Stream.of(JSON.treeToValue(services, JsonNode[].class))
                .filter(s -> s.path("name").asText().equals("greeting_service")).findFirst().orElseThrow();
        assertThat(greeting.path("version").asText()).isEqualTo("1.0.0");
        assertThat(greeting.path("instances").asInt()).isEqualTo(1);
        JsonNode hello = greeting.path("endpoints").get(0);
        assertThat(hello.path("subject").asText()).isEqualTo("greeting_service.hello");
        assertThat(hello.path("queue_group").asText()).isEqualTo("greeting_service.hello");
        assertThat(hello.path("num_requests").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(hello.path("average_processing_time_ms").asDouble()).isPositive();
    }

    @Test
    void callsAreCountedUnderTheRpcFlow() throws Exception {
        Scrape before = app.scrape();
        call("greeting_service.hello", "[[\"x\"]]");
        call("greeting_service.hello", "[]");
        call("secret.x", "[]");
        Scrape after = app.scrape();

        assertThat(after.value("gateway_http_requests_total", "flow", "rpc", "status", "200")
                - before.value("gateway_http_requests_total", "flow", "rpc", "status", "200")).isEqualTo(1);
        assertThat(after.value("gateway_http_requests_total", "flow", "rpc", "status", "403")
                - before.value("gateway_http_requests_total", "flow", "rpc", "status", "403")).isEqualTo(1);
        assertThat(after.value("worker_requests_total", "flow", "rpc", "outcome", "invalid")
                - before.value("worker_requests_total", "flow", "rpc", "outcome", "invalid")).isEqualTo(1);
        assertThat(after.value("worker_requests_total", "flow", "rpc", "outcome", "answered")
                - before.value("worker_requests_total", "flow", "rpc", "outcome", "answered")).isEqualTo(1);
    }

    @Test
    void theOpenApiDocumentHasATagPerFlow() throws Exception {
        JsonNode api = JSON.readTree(app.get("/openapi.json").body());
        assertThat(api.path("tags").findValuesAsText("name")).contains("football", "rpc");
        assertThat(api.path("paths").has("/{service}.{method}")).isTrue();
        assertThat(api.path("paths").path("/{service}.{method}").path("post").path("tags").get(0).asText()).isEqualTo("rpc");
        assertThat(api.path("paths").path("/services").path("get").path("responses").has("200")).isTrue();
        assertThat(api.path("paths").path("/football").path("post").path("tags").get(0).asText()).isEqualTo("football");
    }
}
