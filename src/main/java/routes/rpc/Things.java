package routes.rpc;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Rows of the {@code thing} table as thing_service answers them. */
public final class Things {

    /** Always UTC, always six decimals: "2026-12-01T10:00:00.123456Z" (PostgreSQL keeps microseconds). */
    private static final DateTimeFormatter CREATED_AT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Things() {
    }

    public record Thing(String uuid, String name, @JsonProperty("is_created_at") String isCreatedAt) {
    }

    /** The inserted row, returned by the insert: {@code [[], thing]}. */
    public static RpcResult created(List<Map<String, Object>> rows) {
        if (rows == null || rows.size() != 1) {
            throw new IllegalStateException("the insert returned " + (rows == null ? "nothing" : rows.size() + " rows"));
        }
        return RpcResult.keywords(thing(rows.get(0)));
    }

    /** {@code [[thing, ...], {}]}. */
    public static RpcResult listed(List<Map<String, Object>> rows) {
        return new RpcResult(rows.stream().map(Things::thing).toList(), Map.of());
    }

    static Thing thing(Map<String, Object> row) {
        return new Thing(String.valueOf(row.get("uuid")), (String) row.get("name"), createdAt(row.get("is_created_at")));
    }

    private static String createdAt(Object value) {
        Instant instant = value instanceof Timestamp timestamp ? timestamp.toInstant()
                : value instanceof OffsetDateTime time ? time.toInstant()
                : value instanceof Instant given ? given : null;
        if (instant == null) {
            throw new IllegalStateException("is_created_at is not a timestamp: " + value);
        }
        return CREATED_AT.format(instant);
    }
}
