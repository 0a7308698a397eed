package routes.http;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A 400 body that names every problem: {@code {"error": "<one line for people>", "violations": [...]}}, each
 * violation a field and the rule it breaks.
 */
public record Refusal(String error, List<Violation> violations) {

    public Refusal {
        violations = List.copyOf(violations);
    }

    public static Refusal of(List<Violation> violations) {
        return new Refusal(violations.stream().map(Violation::describe).collect(Collectors.joining("; ")), violations);
    }

    /** An answer at once: 400 with this body. */
    public static HttpError badRequest(List<Violation> violations) {
        return new HttpError(400, Json.bytes(of(violations)));
    }
}
