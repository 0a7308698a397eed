package routes.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Reads a request body as one strict JSON document: UTF-8 only (RFC 8259; no UTF-16 guessing, no byte order mark,
 * no overlong forms or encoded surrogates), no duplicate keys, nothing after the document. What is wrong is said
 * in words that name the problem and where it is, never by echoing the body.
 */
public final class StrictJson {

    private StrictJson() {
    }

    /** A body that is not one strict JSON document; the message completes "body ...". */
    public static final class Problem extends RuntimeException {
        public Problem(String message) {
            super(message, null, false, false);
        }
    }

    /** The document, or a missing node for an empty body. */
    public static JsonNode read(byte[] body) {
        String text = utf8(body == null ? new byte[0] : body);
        JsonNode document;
        try {
            document = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new Problem("is not valid JSON: " + describe(e));
        }
        return document == null ? MissingNode.getInstance() : document;
    }

    /** The document, which must be one JSON object; a {@link Problem} says what it is instead. */
    public static JsonNode object(byte[] body) {
        JsonNode document = read(body);
        if (document.isMissingNode()) {
            throw new Problem("is empty: a JSON object is required");
        }
        if (!document.isObject()) {
            throw new Problem("must be a JSON object, got " + kind(document));
        }
        return document;
    }

    /** A field's text; null when absent, and when of another kind, which is then added to {@code problems}. */
    public static String text(JsonNode object, String field, List<Violation> problems) {
        JsonNode value = object.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            problems.add(Violation.of(field, "must be a string, got " + kind(value)));
            return null;
        }
        return value.textValue();
    }

    /** "a string", "a number", ... as messages name a JSON value's kind. */
    public static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    /**
     * JSON travels as UTF-8 (RFC 8259); anything else is refused rather than guessed: Jackson alone would detect
     * UTF-16 and accept overlong forms and encoded surrogates, and skip a byte order mark.
     */
    private static String utf8(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new Problem("is not valid UTF-8: JSON must be sent as UTF-8");
        }
        if (text.startsWith("\uFEFF")) {
            throw new Problem("starts with a byte order mark: send UTF-8 JSON without one");
        }
        return text;
    }

    /** Jackson's own message names the problem; the location says where, without echoing the whole body. */
    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int cut = message.indexOf('\n');
        if (cut >= 0) {
            message = message.substring(0, cut);
        }
        JsonLocation where = e.getLocation();
        if (where != null && where.getLineNr() > 0) {
            message += " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
        }
        return message;
    }
}
