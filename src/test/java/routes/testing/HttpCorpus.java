package routes.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of HTTP requests as JSON files (format in src/test/resources/hostile/README.md), sent byte for byte
 * over a socket: the head as written (or raw), the body as text, base64 or a repeated unit, chunked or not.
 */
public final class HttpCorpus {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpCorpus() {
    }

    /** The corpus files of a directory, in name order. */
    public static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
    }

    /**
     * A 4xx answer as the corpus file expects it: its status, JSON, an error naming the problem, and each of the
     * expected words somewhere in the error, its violations or its list of what is available.
     */
    public static void assertJsonError(JsonNode spec, RawHttp.Response response) throws IOException {
        JsonNode expect = spec.path("expect");
        assertThat(response.status()).as("%s: %s", spec.path("description").asText(), response.body())
                .isEqualTo(expect.path("status").asInt());
        assertThat(response.status()).isBetween(400, 499);
        assertThat(response.header("Content-Type")).as("Content-Type").startsWith("application/json");
        JsonNode body = JSON.readTree(response.body());
        String error = body.path("error").asText("");
        assertThat(error).as("the error names the problem: %s", response.body()).isNotBlank();
        String everything = (error + " " + body.path("violations") + " " + body.path("available")).toLowerCase(Locale.ROOT);
        for (JsonNode mention : expect.path("error_mentions")) {
            assertThat(everything).as(response.body()).contains(mention.asText().toLowerCase(Locale.ROOT));
        }
    }

    /** Sends one corpus request byte for byte to 127.0.0.1:port and reads the answer. */
    public static RawHttp.Response send(int port, JsonNode spec, int answerWithinMillis) throws IOException {
        if (spec.has("raw_head")) {
            byte[] head = spec.path("raw_head").asText().getBytes(StandardCharsets.ISO_8859_1);
            byte[] body = spec.path("raw_body").asText().getBytes(StandardCharsets.UTF_8);
            return RawHttp.exchange(port, head, out -> out.write(body), answerWithinMillis);
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
                out -> writeBody(out, parts, chunked), answerWithinMillis);
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

}
