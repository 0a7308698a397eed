package routes.football;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.nats.client.api.MessageInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.testing.GatewayApp;
import routes.testing.NatsServerProcess;
import routes.testing.Resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The football contract through real HTTP and a real nats-server, gateway and pricer in one process. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FootballEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STREAM = "FOOTBALL_INVALID";
    private static final String INVALID_SUBJECT = "football.invalid";

    private NatsServerProcess nats;
    private GatewayApp app;
    private Connection observer;

    @BeforeAll
    void start() throws Exception {
        nats = NatsServerProcess.start();
        app = GatewayApp.start(nats.url(), "gateway,pricer", Map.of());
        observer = Nats.connect(nats.url());
    }

    @AfterAll
    void stop() throws Exception {
        Resources.closeAll(observer, app, nats);
    }

    static Stream<Arguments> workedValues() {
        return Stream.of(
                Arguments.of(1.5, 1.1, 0.464244185786790, 0.257667214776051, 0.278088599437159),
                Arguments.of(1.0, 1.0, 0.345745838723165, 0.308508322553671, 0.345745838723165),
                Arguments.of(0.0, 0.0, 0.0, 1.0, 0.0));
    }

    @ParameterizedTest
    @MethodSource("workedValues")
    void pricesTheContractsWorkedValues(double home, double away, double pHome, double pDraw, double pAway)
            throws Exception {
        HttpResponse<String> response = app.postJson(
                "{\"game_id\":\"g1\",\"home_expected\":" + home + ",\"away_expected\":" + away + "}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("game_id").asText()).isEqualTo("g1");
        JsonNode p = body.path("probabilities");
        assertThat(p.path("home").asDouble()).isCloseTo(pHome, within(1e-12));
        assertThat(p.path("draw").asDouble()).isCloseTo(pDraw, within(1e-12));
        assertThat(p.path("away").asDouble()).isCloseTo(pAway, within(1e-12));
        assertPrice(body.path("home_towin"), pHome);
        assertPrice(body.path("draw"), pDraw);
        assertPrice(body.path("away_towin"), pAway);
    }

    private static void assertPrice(JsonNode price, double probability) {
        if (probability == 0) {
            assertThat(price.isNull()).as("price of an impossible outcome is null, got %s", price).isTrue();
        } else {
            assertThat(price.asDouble()).isCloseTo(1 / probability, within(1e-9));
        }
    }

    @Test
    void acceptsACharsetParameter() throws Exception {
        HttpResponse<String> response = app.post("/football", "application/json; charset=utf-8",
                bytes("{\"game_id\":\"g\",\"home_expected\":2,\"away_expected\":1}"), Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    static Stream<Arguments> invalidBodies() {
        String ok = "\"home_expected\":1,\"away_expected\":1";
        return Stream.of(
                Arguments.of("{" + ok + "}", "game_id", "is required"),
                Arguments.of("{\"game_id\":\"g\",\"away_expected\":1}", "home_expected", "is required"),
                Arguments.of("{\"game_id\":\"g\",\"home_expected\":1}", "away_expected", "is required"),
                Arguments.of("{\"game_id\":7," + ok + "}", "game_id", "must be a string, got a number"),
                Arguments.of("{\"game_id\":true," + ok + "}", "game_id", "must be a string, got a boolean"),
                Arguments.of("{\"game_id\":null," + ok + "}", "game_id", "must be a string, got null"),
                Arguments.of("{\"game_id\":\"\"," + ok + "}", "game_id", "must not be blank"),
                Arguments.of("{\"game_id\":\" \\t \"," + ok + "}", "game_id", "must not be blank"),
                Arguments.of("{\"game_id\":\"" + "x".repeat(129) + "\"," + ok + "}", "game_id",
                        "must be 1 to 128 characters long"),
                Arguments.of("{\"game_id\":\"g\",\"home_expected\":\"0.1\",\"away_expected\":1}", "home_expected",
                        "must be a number, got a string"),
                Arguments.of("{\"game_id\":\"g\",\"home_expected\":1,\"away_expected\":\"1\"}", "away_expected",
                        "must be a number, got a string"),
                Arguments.of("{\"game_id\":\"g\",\"home_expected\":null,\"away_expected\":1}", "home_expected",
                        "must be a number, got null"),
                Arguments.of("{\"game_id\":\"g\",\"home_expected\":false,\"away_expected\":1}", "home_expected",
                        "must be a number, got a boolean"),
                Arguments.of("{\"game_id\":\"g\",\"home_expected\":[1],\"away_expected\":1}", "home_expected",
                        "must be a number, got an array"),
                Arguments.of("{\"game_id\":\"g\",\"home_expected\":15.0001,\"away_expected\":1}", "home_expected",
                        "must be between 0 and 15"),
                Arguments.of("{\"game_id\":\"g\",\"home_expected\":1,\"away_expected\":-0.5}", "away_expected",
                        "must be between 0 and 15"),
                Arguments.of("{\"game_id\":\"g\",\"home_expected\":1e400,\"away_expected\":1}", "home_expected",
                        "must be between 0 and 15"),
                Arguments.of("{\"game_id\":\"g\"," + ok + ",\"stake\":10}", "stake", "is not a known field"),
                Arguments.of("{\"game_id\":\"g\",\"game_id\":\"h\"," + ok + "}", "body", "Duplicate field 'game_id'"),
                Arguments.of("{\"game_id\":\"g\"," + ok + "} {}", "body", "is not valid JSON"),
                Arguments.of("{\"game_id\":\"g\"," + ok + "} trailing", "body", "is not valid JSON"),
                Arguments.of("{\"game_id\":\"g\",", "body", "is not valid JSON"),
                Arguments.of("{'game_id':'g'}", "body", "is not valid JSON"),
                Arguments.of("{\"game_id\":\"g\",\"home_expected\":NaN,\"away_expected\":1}", "body", "is not valid JSON"),
                Arguments.of("", "body", "is empty"),
                Arguments.of("[{\"game_id\":\"g\"," + ok + "}]", "body", "must be a JSON object, got an array"),
                Arguments.of("\"g\"", "body", "must be a JSON object, got a string"));
    }

    @ParameterizedTest
    @MethodSource("invalidBodies")
    void refusesInvalidBodiesNamingTheFieldAndTheRule(String body, String field, String rule) throws Exception {
        HttpResponse<String> response = app.postJson(body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.path("error").asText()).contains(field).contains(rule);
        assertThat(answer.path("violations")).anySatisfy(v -> {
            assertThat(v.path("field").asText()).isEqualTo(field);
            assertThat(v.path("message").asText()).contains(rule);
        });
    }

    @Test
    void namesEveryFailingFieldAtOnceAndEchoesTheGameId() throws Exception {
        HttpResponse<String> response =
                app.postJson("{\"game_id\":\"qwertyui\",\"home_expected\":\"0.1\",\"away_expected\":-1}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.path("game_id").asText()).isEqualTo("qwertyui");
        assertThat(answer.path("error").asText())
                .isEqualTo("home_expected must be a number, got a string; away_expected must be between 0 and 15, got -1");
        assertThat(answer.path("violations")).hasSize(2);
        assertThat(answer.path("violations").get(1).path("rejected").isIntegralNumber()).isTrue();
        assertThat(answer.path("violations").get(1).path("rejected").asLong()).isEqualTo(-1);
    }

    @Test
    void gameIdLengthCountsCharactersNotUtf16Units() throws Exception {
        String emoji = "\u26bd\ud83e\udd45"; // soccer ball (1 unit) and goal net (2 units)
        String longest = emoji.repeat(64); // 128 characters, 192 UTF-16 units
        String tooLong = longest + "x";

        assertThat(app.postJson("{\"game_id\":\"" + longest + "\",\"home_expected\":1,\"away_expected\":1}").statusCode())
                .isEqualTo(200);
        HttpResponse<String> refused =
                app.postJson("{\"game_id\":\"" + tooLong + "\",\"home_expected\":1,\"away_expected\":1}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("must be 1 to 128 characters long");
    }

    @Test
    void gameIdIsNullInTheAnswerWhenItIsNotAString() throws Exception {
        JsonNode answer = JSON.readTree(app.postJson("{\"game_id\":5,\"home_expected\":1,\"away_expected\":1}").body());
        assertThat(answer.has("game_id")).isTrue();
        assertThat(answer.path("game_id").isNull()).isTrue();
    }

    @Test
    void keepsOneDurableRecordPerInvalidRequestWithTheRawBodyAndViolations() throws Exception {
        long before = observer.jetStreamManagement().getStreamInfo(STREAM).getStreamState().getMsgCount();
        String raw = "{\"game_id\":\"rec\",\"home_expected\":99,\"away_expected\":1}";

        HttpResponse<String> response = app.post("/football", "application/json", bytes(raw),
                Map.of("X-Request-Id", "record-check-1"));

        assertThat(response.statusCode()).isEqualTo(400);
        long after = observer.jetStreamManagement().getStreamInfo(STREAM).getStreamState().getMsgCount();
        assertThat(after).isEqualTo(before + 1);
        MessageInfo last = observer.jetStreamManagement().getLastMessage(STREAM, INVALID_SUBJECT);
        JsonNode record = JSON.readTree(last.getData());
        assertThat(record.path("request_id").asText()).isEqualTo("record-check-1");
        assertThat(record.path("body").asText()).isEqualTo(raw);
        assertThat(record.path("game_id").asText()).isEqualTo("rec");
        assertThat(Instant.parse(record.path("time").asText())).isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(record.path("violations")).singleElement().satisfies(v -> {
            assertThat(v.path("field").asText()).isEqualTo("home_expected");
            assertThat(v.path("message").asText()).isEqualTo("must be between 0 and 15");
        });
        assertThat(observer.jetStreamManagement().getStreamInfo(STREAM).getConfiguration().getStorageType().toString())
                .isEqualToIgnoringCase("file");
    }

    @Test
    void validRequestsLeaveNoInvalidRecord() throws Exception {
        long before = observer.jetStreamManagement().getStreamInfo(STREAM).getStreamState().getMsgCount();
        assertThat(app.postJson("{\"game_id\":\"g\",\"home_expected\":1,\"away_expected\":1}").statusCode()).isEqualTo(200);
        assertThat(observer.jetStreamManagement().getStreamInfo(STREAM).getStreamState().getMsgCount()).isEqualTo(before);
    }

    @Test
    void echoesTheClientsRequestIdOnEveryOutcome() throws Exception {
        HttpResponse<String> priced = app.post("/football", "application/json",
                bytes("{\"game_id\":\"g\",\"home_expected\":1,\"away_expected\":1}"), Map.of("X-Request-Id", "abc-123"));
        HttpResponse<String> refused = app.post("/football", "application/json", bytes("{}"),
                Map.of("X-Request-Id", "abc-456"));

        assertThat(priced.headers().firstValue("X-Request-Id")).hasValue("abc-123");
        assertThat(refused.headers().firstValue("X-Request-Id")).hasValue("abc-456");
    }

    @Test
    void generatesARequestIdWhenTheClientSendsNoneOrAnUnusableOne() throws Exception {
        HttpResponse<String> none = app.postJson("{\"game_id\":\"g\",\"home_expected\":1,\"away_expected\":1}");
        HttpResponse<String> junk = app.post("/football", "application/json",
                bytes("{\"game_id\":\"g\",\"home_expected\":1,\"away_expected\":1}"),
                Map.of("X-Request-Id", "has spaces " + "y".repeat(200)));

        String uuid = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
        assertThat(none.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).matches(uuid));
        assertThat(junk.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).matches(uuid));
    }

    @Test
    void onlyTheBodyAndTheRequestIdCrossTheBroker() throws Exception {
        // a plain subscriber outside the pricers' queue group gets its own copy of each request
        Subscription copy = observer.subscribe("football.requests");
        observer.flush(Duration.ofSeconds(2));
        String body = "{\"game_id\":\"hdr\",\"home_expected\":1,\"away_expected\":1}";

        HttpResponse<String> response = app.post("/football", "application/json", bytes(body),
                Map.of("X-Request-Id", "hdr-1", "Authorization", "Bearer secret", "X-Custom", "leak?"));

        Message seen = copy.nextMessage(Duration.ofSeconds(5));
        copy.unsubscribe();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(seen).isNotNull();
        assertThat(new String(seen.getData(), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(seen.getHeaders().keySet()).containsExactly("X-Request-Id");
        assertThat(seen.getHeaders().getFirst("X-Request-Id")).isEqualTo("hdr-1");
        // nor do request headers come back in the response
        assertThat(response.headers().map().keySet()).filteredOn(name -> !name.startsWith(":")) // HTTP/2-style :status
                .map(String::toLowerCase)
                .containsExactlyInAnyOrder("content-type", "content-length", "x-request-id");
    }

    @Test
    void bodyOverTheLimitIs413InJson() throws Exception {
        HttpResponse<String> response = app.post("/football", "application/json", new byte[64 * 1024 + 1], Map.of());
        assertJsonError(response, 413, "too large");
    }

    @Test
    void bodyAtTheLimitIsRead() throws Exception {
        String padding = " ".repeat(64 * 1024 - 60);
        String body = "{\"game_id\":\"g\",\"home_expected\":1,\"away_expected\":1}" + padding;
        assertThat(body.length()).isLessThanOrEqualTo(64 * 1024);
        assertThat(app.postJson(body).statusCode()).isEqualTo(200);
    }

    @Test
    void otherMediaTypesAre415InJson() throws Exception {
        byte[] body = bytes("{\"game_id\":\"g\",\"home_expected\":1,\"away_expected\":1}");
        assertJsonError(app.post("/football", "text/plain", body, Map.of()), 415, "application/json");
        assertJsonError(app.post("/football", "application/xml", body, Map.of()), 415, "application/json");
        assertJsonError(app.post("/football", "*/*", body, Map.of()), 415, "application/json");
    }

    /** What the old gateway's README does: curl --data, which sends a form Content-Type (or none at all). */
    @Test
    void noContentTypeOrAFormOneIsReadAsJson() throws Exception {
        byte[] body = bytes("{\"game_id\": \"qwertyui\", \"home_expected\": 0.1, \"away_expected\": 1}");
        for (String contentType : new String[] {null, "application/x-www-form-urlencoded"}) {
            HttpResponse<String> response = app.post("/football", contentType, body, Map.of());
            assertThat(response.statusCode()).as("Content-Type %s: %s", contentType, response.body()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).path("game_id").asText()).isEqualTo("qwertyui");
        }
        // the bytes as sent, not the form's decoding of them ('+' and %20 stay as they are)
        HttpResponse<String> raw = app.post("/football", "application/x-www-form-urlencoded",
                bytes("{\"game_id\":\"a+b%20\",\"home_expected\":1,\"away_expected\":1}"), Map.of());
        assertThat(JSON.readTree(raw.body()).path("game_id").asText()).isEqualTo("a+b%20");
        HttpResponse<String> invalid = app.post("/football", "application/x-www-form-urlencoded",
                bytes("game_id=g&home_expected=1"), Map.of());
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("is not valid JSON");
    }

    @Test
    void wrongMethodIs405InJsonNamingTheAllowedOne() throws Exception {
        HttpResponse<String> get = app.send(HttpRequest.newBuilder(app.uri("/football")).GET());
        assertJsonError(get, 405, "method not allowed");
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertJsonError(app.send(HttpRequest.newBuilder(app.uri("/football"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json")), 405,
                "method not allowed");
    }

    @Test
    void unknownPathIs404InJson() throws Exception {
        assertJsonError(app.post("/basketball", "application/json", bytes("{}"), Map.of()), 404, "not found");
    }

    @Test
    void answers503AtOnceWhenNoPricerIsSubscribed() throws Exception {
        try (GatewayApp lonely = GatewayApp.start(nats.url(), "gateway",
                Map.of("football.subject", "football.nobody", "football.timeout", "5000"))) {
            long started = System.nanoTime();
            HttpResponse<String> response = lonely.postJson("{\"game_id\":\"g\",\"home_expected\":1,\"away_expected\":1}");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertJsonError(response, 503, "pricing service unavailable");
            assertThat(millis).as("no responders is reported at once, not after the timeout").isLessThan(2000);
        }
    }

    @Test
    void answers504WhenThePricerDoesNotAnswerInTime() throws Exception {
        // a subscriber that takes requests and never replies
        Subscription silent = observer.subscribe("football.silent", "football-pricers");
        observer.flush(Duration.ofSeconds(2));
        try (GatewayApp app504 = GatewayApp.start(nats.url(), "gateway",
                Map.of("football.subject", "football.silent", "football.timeout", "400"))) {
            long started = System.nanoTime();
            HttpResponse<String> response = app504.postJson("{\"game_id\":\"g\",\"home_expected\":1,\"away_expected\":1}");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertJsonError(response, 504, "pricing service timed out");
            assertThat(silent.nextMessage(Duration.ofSeconds(1))).as("the request did reach a subscriber").isNotNull();
            assertThat(millis).isBetween(400L, 400L + 1500L);
        } finally {
            silent.unsubscribe();
        }
    }

    @Test
    void answersEvery504WithinTheTimeoutUnderConcurrency() throws Exception {
        Subscription silent = observer.subscribe("football.silent-many", "football-pricers");
        observer.flush(Duration.ofSeconds(2));
        int clients = 64;
        long timeout = 500;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try (GatewayApp app504 = GatewayApp.start(nats.url(), "gateway",
                Map.of("football.subject", "football.silent-many", "football.timeout", String.valueOf(timeout)))) {
            // The first burst on a process that has just started also pays for starting 64 HTTP worker threads,
            // accepting 64 connections and running the route's code cold: 700-800 ms here and over 1 s on a busy
            // CI machine. Start-up cost is measured by bench/run (start to first 200); this test is about the timeout
            // path under concurrency, so it holds the second burst to the bound.
            for (long[] outcome : burstOf504s(app504, pool, clients)) {
                assertThat(outcome[0]).isEqualTo(504);
            }
            for (long[] outcome : burstOf504s(app504, pool, clients)) {
                assertThat(outcome[0]).isEqualTo(504);
                assertThat(outcome[1]).as("answered within the timeout plus 0.5 s").isLessThan(timeout + 500);
            }
        } finally {
            pool.shutdownNow();
            silent.unsubscribe();
        }
    }

    /** {status, milliseconds} of {@code clients} simultaneous requests. */
    private static List<long[]> burstOf504s(GatewayApp app504, ExecutorService pool, int clients) throws Exception {
        List<CompletableFuture<long[]>> calls = java.util.stream.IntStream.range(0, clients)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                    long started = System.nanoTime();
                    try {
                        int status = app504.postJson(
                                "{\"game_id\":\"s" + i + "\",\"home_expected\":1,\"away_expected\":1}").statusCode();
                        return new long[] {status, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)};
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool))
                .toList();
        List<long[]> outcomes = new java.util.ArrayList<>();
        for (CompletableFuture<long[]> call : calls) {
            outcomes.add(call.get(30, TimeUnit.SECONDS));
        }
        return outcomes;
    }

    @Test
    void servesConcurrentRequests() throws Exception {
        List<CompletableFuture<Integer>> calls = java.util.stream.IntStream.range(0, 64)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                    try {
                        return app.postJson("{\"game_id\":\"c" + i + "\",\"home_expected\":" + (i % 16)
                                + ",\"away_expected\":1.5}").statusCode();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }))
                .toList();
        assertThat(calls).allSatisfy(call -> assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo(200));
    }

    private static void assertJsonError(HttpResponse<String> response, int status, String text) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(JSON.readTree(response.body()).path("error").asText()).contains(text);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
