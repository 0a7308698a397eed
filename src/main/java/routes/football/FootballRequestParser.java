package routes.football;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import routes.http.Json;
import routes.http.Violation;

/**
 * Strict parsing of a request body into a {@link FootballRequest}. The document must be one JSON object with no
 * duplicate keys and nothing after it; each known field must have its JSON type (no "0.1" for a number, no 7 for a
 * string, no null); unknown fields are errors. When a field has the wrong type, the other fields are still checked
 * against their constraints so that one answer names every problem.
 */
public final class FootballRequestParser {

    private static final Set<String> KNOWN = Set.copyOf(FootballRequest.FIELDS);

    public FootballRequest parse(byte[] body) {
        JsonNode document = readDocument(body);
        List<Violation> typeProblems = new ArrayList<>();
        String gameId = text(document, "game_id", typeProblems);
        Double home = number(document, "home_expected", typeProblems);
        Double away = number(document, "away_expected", typeProblems);
        for (Iterator<String> names = document.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KNOWN.contains(name)) {
                typeProblems.add(Violation.of(name, "is not a known field"));
            }
        }
        FootballRequest request = new FootballRequest(gameId, home, away);
        if (typeProblems.isEmpty()) {
            return request;
        }
        Set<String> mistyped = typeProblems.stream().map(Violation::field).collect(Collectors.toSet());
        List<Violation> all = new ArrayList<>(typeProblems);
        RequestConstraints.check(request).stream().filter(v -> !mistyped.contains(v.field())).forEach(all::add);
        all.sort(RequestConstraints.inFieldOrder());
        throw new InvalidFootballRequest(gameId, all);
    }

    private static JsonNode readDocument(byte[] body) {
        String text = strictUtf8(body == null ? new byte[0] : body);
        JsonNode document;
        try {
            document = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw documentProblem("is not valid JSON: " + describe(e));
        }
        if (document == null) {
            document = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        if (document.isMissingNode()) {
            throw documentProblem("is empty: a JSON object is required");
        }
        if (!document.isObject()) {
            throw documentProblem("must be a JSON object, got " + kind(document));
        }
        return document;
    }

    private static String text(JsonNode document, String field, List<Violation> problems) {
        JsonNode value = document.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            problems.add(Violation.of(field, "must be a string, got " + kind(value)));
            return null;
        }
        return value.textValue();
    }

    private static Double number(JsonNode document, String field, List<Violation> problems) {
        JsonNode value = document.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            problems.add(Violation.of(field, "must be a number, got " + kind(value)));
            return null;
        }
        return value.doubleValue();
    }

    /**
     * JSON travels as UTF-8 (RFC 8259); anything else is refused rather than guessed: Jackson alone would detect
     * UTF-16 and accept overlong forms and encoded surrogates, and skip a byte order mark.
     */
    private static String strictUtf8(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw documentProblem("is not valid UTF-8: JSON must be sent as UTF-8");
        }
        if (text.startsWith("\uFEFF")) {
            throw documentProblem("starts with a byte order mark: send UTF-8 JSON without one");
        }
        return text;
    }

    private static InvalidFootballRequest documentProblem(String message) {
        return new InvalidFootballRequest(null, List.of(Violation.of(Violation.BODY, message)));
    }

    private static String kind(JsonNode node) {
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
