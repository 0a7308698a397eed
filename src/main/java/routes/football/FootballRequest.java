package routes.football;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A pricing request, as the contract states its rules. JSON types are checked by {@link FootballRequestParser};
 * these constraints are what the route's {@code bean-validator} step checks. A field of the wrong JSON type is null
 * here. Infinity (from 1e400) fails the range check, so "finite" needs no rule of its own.
 */
public record FootballRequest(
        @JsonProperty("game_id")
        @NotNull(message = "is required")
        // counted in characters (code points), not UTF-16 units: 128 emoji are 128 characters
        @Pattern(regexp = "(?s).{0,128}", message = "must be 1 to 128 characters long")
        // Unicode-aware: an ideographic space or a no-break space is blank too
        @Pattern(regexp = "(?sU).*\\S.*", message = "must not be blank")
        String gameId,

        @JsonProperty("home_expected")
        @NotNull(message = "is required")
        @DecimalMin(value = "0", message = "must be between 0 and 15")
        @DecimalMax(value = "15", message = "must be between 0 and 15")
        Double homeExpected,

        @JsonProperty("away_expected")
        @NotNull(message = "is required")
        @DecimalMin(value = "0", message = "must be between 0 and 15")
        @DecimalMax(value = "15", message = "must be between 0 and 15")
        Double awayExpected) {

    /** JSON names in the order the contract lists them; violations are reported in this order. */
    public static final java.util.List<String> FIELDS = java.util.List.of("game_id", "home_expected", "away_expected");
}
