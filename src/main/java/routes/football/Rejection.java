package routes.football;

import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.camel.Exchange;
import org.apache.camel.component.bean.validator.BeanValidationException;
import routes.http.Violation;

/**
 * Why a request was refused: the 400 body of the contract ({@code game_id}, a one-line {@code error}, and
 * {@code violations}). Built from whichever check failed: strict parsing or the bean-validator step.
 */
public record Rejection(@JsonProperty("game_id") String gameId, String error, List<Violation> violations) {

    public static Rejection of(String gameId, List<Violation> violations) {
        String error = violations.stream().map(Violation::describe).collect(Collectors.joining("; "));
        return new Rejection(gameId, error, List.copyOf(violations));
    }

    /**
     * Called from the route's doCatch: the exception it caught and the message body at that point. (Taking the
     * exchange is what makes it cheap: a method expression with parameters evaluates them anew for each request.)
     */
    public static Rejection caught(Exchange exchange) {
        return from(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class), exchange.getMessage().getBody());
    }

    static Rejection from(Exception caught, Object body) {
        if (caught instanceof InvalidFootballRequest invalid) {
            return of(invalid.gameId(), invalid.violations());
        }
        if (caught instanceof BeanValidationException invalid) {
            String gameId = body instanceof FootballRequest request ? request.gameId() : null;
            return of(gameId, RequestConstraints.toViolations(invalid.getConstraintViolations()));
        }
        throw new IllegalArgumentException("not a validation failure: " + caught, caught);
    }
}
