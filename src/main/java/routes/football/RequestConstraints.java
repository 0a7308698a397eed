package routes.football;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import routes.http.Violation;

/** Turns Bean Validation results on {@link FootballRequest} into the contract's violations, by JSON field name. */
public final class RequestConstraints {

    private static final PropertyNamingStrategies.NamingBase JSON_NAMES =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
    private static final Validator VALIDATOR = buildValidator();

    private RequestConstraints() {
    }

    /** Checks the constraints directly; used when some fields already failed their type check. */
    public static List<Violation> check(FootballRequest request) {
        return toViolations(VALIDATOR.validate(request));
    }

    public static List<Violation> toViolations(Set<? extends ConstraintViolation<?>> constraintViolations) {
        return constraintViolations.stream()
                .map(v -> Violation.rejecting(
                        JSON_NAMES.translate(v.getPropertyPath().toString()), v.getMessage(), v.getInvalidValue()))
                .sorted(inFieldOrder())
                .toList();
    }

    /** Contract order of fields first, unknown fields after them by name; then by message so output is stable. */
    public static Comparator<Violation> inFieldOrder() {
        return Violation.inOrderOf(FootballRequest.FIELDS);
    }

    private static Validator buildValidator() {
        try (ValidatorFactory factory = Validation.buildDefaultValidatorFactory()) {
            return factory.getValidator();
        }
    }
}
