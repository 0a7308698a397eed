package routes.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import routes.testing.GatewayApp;
import routes.testing.NatsServerProcess;
import routes.testing.RawHttp;
import routes.testing.Resources;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile corpus ({@code src/test/resources/hostile/*.json}, format in its README) sent byte for byte over a
 * socket: each gets the expected 4xx with a JSON error naming the problem (or, for the few the contract reads as JSON
 * after all, its price), within the socket timeout; afterwards the gateway is still ready and its heap has not grown
 * with what it was sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of("src", "test", "resources", "hostile");
    private static final int ANSWER_WITHIN_MILLIS = 10_000;
    private static final long HEAP_GROWTH_LIMIT_BYTES = 64L << 20;

    private NatsServerProcess nats;
    private GatewayApp app;
    private int port;
    private long heapBefore;

    @BeforeAll
    void start() throws Exception {
        nats = NatsServerProcess.start();
        app = GatewayApp.start(nats.url(), "gateway,pricer", Map.of());
        port = app.uri("/").getPort();
        assertThat(app.postJson("{\"game_id\":\"warm\",\"home_expected\":1,\"away_expected\":1}").statusCode()).isEqualTo(200);
        heapBefore = usedHeapAfterGc();
    }

    @AfterAll
    void stop() throws Exception {
        Resources.closeAll(app, nats);
    }

    static Stream<Path> corpus() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(CORPUS)) {
            files = listing.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).as("the corpus holds at least 200 requests").hasSizeGreaterThanOrEqualTo(200);
        return files.stream();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachHostileRequestGetsItsJsonAnswer(Path file) throws Exception {
        JsonNode spec = JSON.readTree(file.toFile());
        JsonNode expect = spec.path("expect");

        RawHttp.Response response = send(spec);

        assertThat(response.status()).as("%s: %s", spec.path("description").asText(), response.body())
                .isEqualTo(expect.path("status").asInt());
        assertThat(response.header("Content-Type")).as("Content-Type").startsWith("application/json");
        JsonNode body = JSON.readTree(response.body());
        if (expect.has("game_id")) {
            // a request the contract reads as JSON after all (no Content-Type, a form): priced
            assertThat(response.status()).isEqualTo(200);
            assertThat(body.path("game_id").asText()).isEqualTo(expect.path("game_id").asText());
            assertThat(body.path("probabilities").path("home").isNumber()).isTrue();
            return;
        }
        assertThat(response.status()).isBetween(400, 499);
        String error = body.path("error").asText("");
        assertThat(error).as("the error names the problem: %s", response.body()).isNotBlank();
        String everything = (error + " " + body.path("violations")).toLowerCase(Locale.ROOT);
        for (JsonNode mention : expect.path("error_mentions")) {
            assertThat(everything).as(response.body()).contains(mention.asText().toLowerCase(Locale.ROOT));
        }
    }

    @Order(2)
    @Test
    void afterTheCorpusTheGatewayIsHealthyAndItsHeapBounded() throws Exception {
        assertThat(app.get("/observe/health/ready").statusCode()).isEqualTo(200);
        assertThat(app.postJson("{\"game_id\":\"after\",\"home_expected\":1,\"away_expected\":1}").statusCode()).isEqualTo(200);
        long growth = usedHeapAfterGc() - heapBefore;
        System.out.printf("[fault figures] hostile corpus: heap used after GC grew by %d KiB%n", growth >> 10);
        assertThat(growth).as("heap growth in bytes").isLessThan(HEAP_GROWTH_LIMIT_BYTES);
    }

    private RawHttp.Response send(JsonNode spec) throws IOException {
        if (spec.has("raw_head")) {
            byte[] head = spec.path("raw_head").asText().getBytes(StandardCharsets.ISO_8859_1);
            byte[] body = spec.path("raw_body").asText().getBytes(StandardCharsets.UTF_8);
            return RawHttp.exchange(port, head, out -> out.write(body), ANSWER_WITHIN_MILLIS);
        }
        JsonNode request = spec.path("request");
        List<byte[]> parts = bodyParts(request.path("body"));
        long length = parts.stream().mapToLong(part -> part.length).sum();
        StringBuilder head = new StringBuilder()
                .append(request.path("method").asText()).append(' ').append(request.path("path").asText())
                .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        for (JsonNode header : request.path("headers")) {
            head.append(header.get(0).asText()).append(": ").append(header.get(1).asText()).append("\r\n");
        }
        String contentLength = request.path("content_length").asText("auto");
        boolean chunked = request.path("chunked").asBoolean();
        if (contentLength.equals("auto") && !chunked && request.has("body")) {
            head.append("Content-Length: ").append(length).append("\r\n");
        } else if (!contentLength.equals("auto") && !contentLength.equals("none")) {
            head.append("Content-Length: ").append(contentLength).append("\r\n");
        }
        if (chunked) {
            head.append("Transfer-Encoding: chunked\r\n");
        }
        head.append("\r\n");
        return RawHttp.exchange(port, head.toString().getBytes(StandardCharsets.UTF_8),
                out -> writeBody(out, parts, chunked), ANSWER_WITHIN_MILLIS);
    }

    /** The body as parts: text (UTF-8), base64 (raw bytes) or a unit repeated count times, built lazily in chunks. */
    private static List<byte[]> bodyParts(JsonNode body) {
        List<byte[]> parts = new ArrayList<>();
        if (body.has("base64")) {
            parts.add(Base64.getDecoder().decode(body.path("base64").asText()));
        }
        for (JsonNode part : body.path("parts")) {
            if (part.has("text")) {
                parts.add(part.path("text").asText().getBytes(StandardCharsets.UTF_8));
            } else {
                byte[] unit = part.path("repeat").asText().getBytes(StandardCharsets.UTF_8);
                long count = part.path("count").asLong();
                int perChunk = Math.max(1, (64 * 1024) / unit.length);
                byte[] chunk = new byte[perChunk * unit.length];
                for (int i = 0; i < perChunk; i++) {
                    System.arraycopy(unit, 0, chunk, i * unit.length, unit.length);
                }
                for (long left = count; left > 0; left -= perChunk) {
                    parts.add(left >= perChunk ? chunk : java.util.Arrays.copyOf(chunk, (int) (left * unit.length)));
                }
            }
        }
        return parts;
    }

    private static void writeBody(OutputStream out, List<byte[]> parts, boolean chunked) throws IOException {
        for (byte[] part : parts) {
            if (part.length == 0) {
                continue;
            }
            if (chunked) {
                out.write((Integer.toHexString(part.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(part);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(part);
            }
        }
        if (chunked) {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
