package routes.football;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import routes.http.StrictJson;
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
        String gameId = StrictJson.text(document, "game_id", typeProblems);
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
        try {
            return StrictJson.object(body);
        } catch (StrictJson.Problem problem) {
            throw documentProblem(problem.getMessage());
        }
    }

    private static Double number(JsonNode document, String field, List<Violation> problems) {
        JsonNode value = document.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            problems.add(Violation.of(field, "must be a number, got " + StrictJson.kind(value)));
            return null;
        }
        return value.doubleValue();
    }

    private static InvalidFootballRequest documentProblem(String message) {
        return new InvalidFootballRequest(null, List.of(Violation.of(Violation.BODY, message)));
    }
}
