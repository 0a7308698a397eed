package routes.rpc;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.camel.Exchange;

import routes.http.Json;
import routes.http.Refusal;
import routes.http.RequestIds;
import routes.http.Violation;

/**
 * What the invalid endpoint keeps of each refused call (subject rpc.invalid): the request id, the time, the call's
 * name, the body as received (decoded as UTF-8; bytes that are not show as U+FFFD), and why it was refused.
 */
public record RpcInvalidRecord(
        @JsonProperty("request_id") String requestId,
        @JsonProperty("time") String time,
        @JsonProperty("rpc") String rpc,
        @JsonProperty("body") String body,
        @JsonProperty("violations") List<Violation> violations) {

    /** Body of the record for the refused call on this exchange. */
    public static byte[] record(Exchange exchange) {
        byte[] raw = exchange.getProperty(RpcMethods.RAW_BODY, byte[].class);
        Refusal refusal = exchange.getProperty(RpcAnswers.REFUSAL, Refusal.class);
        return Json.bytes(new RpcInvalidRecord(exchange.getProperty(RequestIds.PROPERTY, String.class),
                Instant.now().toString(), exchange.getProperty(RpcRequests.NAME, String.class),
                raw == null ? "" : new String(raw, StandardCharsets.UTF_8), refusal.violations()));
    }
}
