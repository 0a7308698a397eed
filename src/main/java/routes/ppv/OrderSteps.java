package routes.ppv;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import routes.http.StrictJson;
import routes.http.Violation;

/**
 * Strict reading of order steps in both notations the old clients use, and their checks:
 * <ul>
 * <li>the HTTP body {@code {"content": C}}, where C is a JSON object or a string holding the object in the old
 * notation ({@code "{'connid':'0127032d64a94732','EV':'1569885'}"});</li>
 * <li>a queue message's text, in the old notation (what the old gateway publishes) or plain JSON.</li>
 * </ul>
 * The old notation is JSON with single quotes: each {@code '} is read as {@code "}, as the old worker did. Values are
 * strings; unknown fields are refused. Each problem is a {@link Violation} naming the field and the rule.
 */
public final class OrderSteps {

    private static final Map<String, String> PROPERTY_NAMES = Map.of("connid", "connid", "ev", "EV", "en", "EN",
            "confirm", "CONFIRM", "oneStep", OrderStep.STEP);
    private static final Set<String> KNOWN = Set.copyOf(OrderStep.FIELDS);
    private static final String CONTENT = "content";
    private static final Validator VALIDATOR = buildValidator();

    private OrderSteps() {
    }

    /** A step that breaks a rule; {@code violations} says which, in the contract's field order. */
    public static final class Invalid extends RuntimeException {
        private final transient List<Violation> violations;

        Invalid(List<Violation> violations) {
            super(describe(violations), null, false, false);
            this.violations = List.copyOf(violations);
        }

        public List<Violation> violations() {
            return violations;
        }
    }

    /**
     * An order step received over HTTP, and the text the queue message carries: the content string as received, or
     * an object content in the old notation (what the old gateway published).
     */
    public record Received(OrderStep step, String queueText) {
    }

    /** The order step of an HTTP body {@code {"content": C}}, checked; throws {@link Invalid}. */
    public static OrderStep fromHttpBody(byte[] body) {
        return receivedOverHttp(body).step();
    }

    /** The order step of an HTTP body {@code {"content": C}} and its queue text, checked; throws {@link Invalid}. */
    public static Received receivedOverHttp(byte[] body) {
        JsonNode document = document(body);
        List<Violation> problems = new ArrayList<>();
        for (Iterator<String> names = document.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals(CONTENT)) {
                problems.add(Violation.of(name, "is not a known field"));
            }
        }
        JsonNode content = document.get(CONTENT);
        if (content == null) {
            problems.add(Violation.of(CONTENT, "is required"));
        } else if (content.isTextual()) {
            return new Received(checked(oldNotation(content.textValue(), CONTENT), problems), content.textValue());
        } else if (!content.isObject()) {
            problems.add(Violation.of(CONTENT, "must be an object or a string, got " + StrictJson.kind(content)));
        } else {
            OrderStep step = checked(content, problems);
            return new Received(step, toOldNotation(step));
        }
        throw new Invalid(problems);
    }

    /** The order step of a queue message's text (old notation or JSON), checked; throws {@link Invalid}. */
    public static OrderStep fromMessage(String text) {
        return checked(oldNotation(text, Violation.BODY), new ArrayList<>());
    }

    /** The step in the old notation, as the old worker reads it: {@code {'connid':'...','EV':'...'}}. */
    public static String toOldNotation(OrderStep step) {
        StringBuilder text = new StringBuilder("{'connid':'").append(step.connid()).append('\'');
        if (step.ev() != null) {
            text.append(",'EV':'").append(step.ev()).append('\'');
        }
        if (step.en() != null) {
            text.append(",'EN':'").append(step.en()).append('\'');
        }
        if (step.confirm() != null) {
            text.append(",'CONFIRM':'").append(step.confirm()).append('\'');
        }
        return text.append('}').toString();
    }

    private static JsonNode document(byte[] body) {
        try {
            return StrictJson.object(body);
        } catch (StrictJson.Problem problem) {
            throw new Invalid(List.of(Violation.of(Violation.BODY, problem.getMessage())));
        }
    }

    /** Old notation: single quotes read as double quotes; the text must then be one JSON object. */
    private static JsonNode oldNotation(String text, String field) {
        JsonNode step;
        try {
            step = StrictJson.read(text.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
        } catch (StrictJson.Problem problem) {
            throw new Invalid(List.of(Violation.of(field, "is not an order step in JSON or the old notation: "
                    + problem.getMessage().replaceFirst("^is ", ""))));
        }
        if (!step.isObject()) {
            throw new Invalid(List.of(Violation.of(field, "must hold an object, got "
                    + (step.isMissingNode() ? "nothing" : StrictJson.kind(step)))));
        }
        return step;
    }

    private static OrderStep checked(JsonNode fields, List<Violation> problems) {
        List<Violation> all = new ArrayList<>(problems);
        for (Iterator<String> names = fields.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KNOWN.contains(name)) {
                all.add(Violation.of(name, "is not a known field"));
            }
        }
        OrderStep step = new OrderStep(StrictJson.text(fields, "connid", all), StrictJson.text(fields, "EV", all),
                StrictJson.text(fields, "EN", all), StrictJson.text(fields, "CONFIRM", all));
        Set<String> mistyped = new HashSet<>();
        all.forEach(v -> mistyped.add(v.field()));
        if (mistyped.contains("EV") || mistyped.contains("EN") || mistyped.contains("CONFIRM")) {
            // which step it is cannot be told while one of them has the wrong type
            mistyped.add(OrderStep.STEP);
        }
        for (Violation violation : violations(step)) {
            if (!mistyped.contains(violation.field())) {
                all.add(violation);
            }
        }
        if (!all.isEmpty()) {
            all.sort(inFieldOrder());
            throw new Invalid(all);
        }
        return step;
    }

    /** Bean Validation of a step, by JSON field name. */
    public static List<Violation> violations(OrderStep step) {
        List<Violation> found = new ArrayList<>();
        for (ConstraintViolation<OrderStep> violation : VALIDATOR.validate(step)) {
            String property = violation.getPropertyPath().toString();
            found.add(Violation.rejecting(PROPERTY_NAMES.getOrDefault(property, property), violation.getMessage(),
                    violation.getInvalidValue() instanceof Boolean ? null : violation.getInvalidValue()));
        }
        found.sort(inFieldOrder());
        return found;
    }

    private static Comparator<Violation> inFieldOrder() {
        return Violation.inOrderOf(OrderStep.FIELDS);
    }

    private static String describe(List<Violation> violations) {
        return String.join("; ", violations.stream().map(Violation::describe).toList());
    }

    private static Validator buildValidator() {
        try (ValidatorFactory factory = Validation.buildDefaultValidatorFactory()) {
            return factory.getValidator();
        }
    }
}
