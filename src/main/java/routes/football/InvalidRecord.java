package routes.football;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.camel.Exchange;

import routes.http.Json;
import routes.http.RequestIds;
import routes.http.Violation;

/**
 * What the invalid endpoint keeps of each refused request: enough to see later what a client sent and why it was
 * refused. The body is the bytes as received, decoded as UTF-8 (bytes that are not UTF-8 show as U+FFFD).
 */
public record InvalidRecord(
        @JsonProperty("request_id") String requestId,
        @JsonProperty("time") String time,
        @JsonProperty("body") String body,
        @JsonProperty("game_id") String gameId,
        @JsonProperty("violations") List<Violation> violations) {

    /** The record of the refused request on this exchange (its request id, raw body and rejection). */
    public static byte[] record(Exchange exchange) {
        return json(exchange.getProperty(RequestIds.PROPERTY, String.class), exchange.getProperty("rawBody", byte[].class),
                exchange.getProperty(PricerAnswers.REJECTION, Rejection.class));
    }

    public static byte[] json(String requestId, byte[] rawBody, Rejection rejection) {
        String body = rawBody == null ? "" : new String(rawBody, StandardCharsets.UTF_8);
        return Json.bytes(new InvalidRecord(requestId, Instant.now().toString(), body, rejection.gameId(),
                rejection.violations()));
    }
}
