package routes.http;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One failed rule: the JSON field, the rule as a phrase ("must be between 0 and 15") and, when short enough to be
 * worth echoing, the rejected value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Violation(String field, String message, Object rejected) {

    /** A field-less problem with the document as a whole (malformed JSON, not an object, empty). */
    public static final String BODY = "body";
    private static final int MAX_ECHOED_TEXT = 128;
    private static final double MAX_EXACT_LONG = 0x1p53;

    public static Violation of(String field, String message) {
        return new Violation(field, message, null);
    }

    public static Violation rejecting(String field, String message, Object value) {
        return new Violation(field, message, echoable(value));
    }

    /**
     * A flow's fields in the order its contract lists them, unknown fields after them by name; then by message, so
     * that an answer naming several problems is always the same.
     */
    public static Comparator<Violation> inOrderOf(List<String> fields) {
        return Comparator.comparingInt((Violation v) -> {
                    int index = fields.indexOf(v.field());
                    return index < 0 ? fields.size() : index;
                })
                .thenComparing(Violation::field)
                .thenComparing(Violation::message);
    }

    /** "away_expected must be between 0 and 15, got -1" */
    public String describe() {
        String text = field + " " + message;
        return rejected == null ? text : text + ", got " + display(rejected);
    }

    private static Object echoable(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < MAX_EXACT_LONG) {
            return d.longValue(); // -1 was sent as -1: echo it so, not as -1.0
        }
        if (value instanceof Number) {
            return value;
        }
        if (value instanceof String s && s.length() <= MAX_ECHOED_TEXT) {
            return s;
        }
        return null;
    }

    private static String display(Object value) {
        if (value instanceof Double d && Double.isFinite(d)) {
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (value instanceof String s) {
            return '"' + s + '"';
        }
        return String.valueOf(value);
    }
}
