package routes.football;

import java.util.List;
import java.util.stream.Collectors;
import routes.http.Violation;

/** Thrown by the parser when the body is not a well-typed request; carries every problem found. */
public class InvalidFootballRequest extends RuntimeException {

    private final String gameId;
    private final List<Violation> violations;

    public InvalidFootballRequest(String gameId, List<Violation> violations) {
        super(violations.stream().map(Violation::describe).collect(Collectors.joining("; ")), null, false, false);
        this.gameId = gameId;
        this.violations = List.copyOf(violations);
    }

    public String gameId() {
        return gameId;
    }

    public List<Violation> violations() {
        return violations;
    }
}
