package routes.ppv;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * One order step of a pay-per-view call, with ppv.md's rules: the call's id and exactly one of an event, a number
 * or a confirmation. JSON types are checked by {@link OrderSteps}; these constraints are what Bean Validation checks,
 * on the gateway (ER996) and again on the worker (ER998). A field of the wrong JSON type is null here.
 */
public record OrderStep(
        @NotNull(message = "is required")
        @Pattern(regexp = "[0-9A-Fa-f]{16}", message = "must be 16 hexadecimal digits")
        String connid,

        @Pattern(regexp = "[0-9]{1,20}", message = "must be 1 to 20 digits")
        String ev,

        @Pattern(regexp = "[0-9]{1,20}", message = "must be 1 to 20 digits")
        String en,

        @Pattern(regexp = "UP", message = "must be \"UP\"")
        String confirm) {

    /** The JSON names, in the contract's order; violations are reported in this order. */
    public static final List<String> FIELDS = List.of("connid", "EV", "EN", "CONFIRM");
    /** The name violations of the one-step rule carry: it is about the three fields together. */
    public static final String STEP = "step";

    /** Exactly one of EV, EN and CONFIRM (the old worker let EN win when both came; here that is refused). */
    @JsonIgnore
    @AssertTrue(message = "must be exactly one of EV, EN and CONFIRM")
    public boolean isOneStep() {
        return (ev != null ? 1 : 0) + (en != null ? 1 : 0) + (confirm != null ? 1 : 0) == 1;
    }

    /** What the wizard's frame carries: EV, EN or UP (a CONFIRM). */
    @JsonIgnore
    public String kind() {
        return ev != null ? "EV" : en != null ? "EN" : "UP";
    }

    /** The event or the number; null for a confirmation. */
    @JsonIgnore
    public String value() {
        return ev != null ? ev : en;
    }
}
