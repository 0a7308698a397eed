package routes.rpc;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.apache.camel.component.bean.validator.BeanValidationException;

import routes.http.StrictJson;
import routes.http.Violation;

/**
 * Binds a call ({@link RpcCall}) to a method's arguments record the way a function call binds: positional
 * arguments first, in the record's order, then keyword arguments by name. Too many positional arguments, an unknown
 * keyword, one given twice (by position and by name), a missing required one, or a value of the wrong JSON type
 * are refused, all at once, with the record's constraints checked on what did bind, so one answer names every
 * problem. The record's components carry {@link Arg}; its constraints are Bean Validation annotations, checked by
 * the route's bean-validator step once binding succeeded.
 */
public final class RpcArguments {

    private static final Validator VALIDATOR = buildValidator();
    private static final Map<Class<?>, List<Param>> PARAMS = new ConcurrentHashMap<>();
    private static final String ARGS = "args";

    private RpcArguments() {
    }

    /** One argument: its record component, its name in calls, its rules. */
    private record Param(String component, String name, Class<?> type, boolean required, boolean keywordOnly,
                         boolean nullable) {
    }

    /** The call in {@code body} bound to {@code type}, or {@link InvalidArguments} naming every problem. */
    public static <R extends Record> R bind(byte[] body, Class<R> type, String rpc) {
        RpcCall call;
        try {
            call = RpcCall.parse(body);
        } catch (RpcCall.Malformed malformed) {
            throw new InvalidArguments(malformed.violations());
        }
        List<Param> params = params(type);
        List<Violation> problems = new ArrayList<>();
        Map<String, JsonNode> given = new LinkedHashMap<>();
        List<Param> positional = params.stream().filter(p -> !p.keywordOnly()).toList();
        for (int i = 0; i < call.args().size(); i++) {
            if (i >= positional.size()) {
                problems.add(Violation.of(ARGS, rpc + " takes " + (positional.isEmpty() ? "no" : "at most "
                        + positional.size()) + " positional argument" + (positional.size() == 1 ? "" : "s") + ", got "
                        + call.args().size()));
                break;
            }
            given.put(positional.get(i).name(), call.args().get(i));
        }
        for (Iterator<Map.Entry<String, JsonNode>> keywords = call.kwargs().fields(); keywords.hasNext(); ) {
            Map.Entry<String, JsonNode> keyword = keywords.next();
            if (params.stream().noneMatch(p -> p.name().equals(keyword.getKey()))) {
                problems.add(Violation.of(keyword.getKey(), "is not an argument of " + rpc));
            } else if (given.containsKey(keyword.getKey())) {
                problems.add(Violation.of(keyword.getKey(), "is given twice: by position and by name"));
            } else {
                given.put(keyword.getKey(), keyword.getValue());
            }
        }
        Object[] values = new Object[params.size()];
        Set<String> unusable = new HashSet<>();
        for (int i = 0; i < params.size(); i++) {
            Param param = params.get(i);
            JsonNode value = given.get(param.name());
            if (value == null) {
                if (param.required()) {
                    problems.add(Violation.of(param.name(), "is required"));
                    unusable.add(param.name());
                }
                continue;
            }
            String wrong = typeProblem(param, value);
            if (wrong != null) {
                problems.add(Violation.of(param.name(), wrong));
                unusable.add(param.name());
            } else {
                values[i] = value(param, value);
            }
        }
        R arguments = construct(type, values);
        if (!problems.isEmpty()) {
            violations(type, VALIDATOR.validate(arguments)).stream()
                    .filter(v -> given.containsKey(v.field()) && !unusable.contains(v.field()))
                    .forEach(problems::add);
            problems.sort(inOrder(params));
            throw new InvalidArguments(problems);
        }
        return arguments;
    }

    /** The bean-validator step's failure, in argument names and order. */
    public static InvalidArguments refused(BeanValidationException failure, Class<? extends Record> type) {
        List<Violation> problems = new ArrayList<>(violations(type, failure.getConstraintViolations()));
        problems.sort(inOrder(params(type)));
        return new InvalidArguments(problems);
    }

    static List<Violation> violations(Class<?> type, Set<? extends ConstraintViolation<?>> constraintViolations) {
        List<Param> params = params(type);
        return constraintViolations.stream()
                .map(v -> {
                    String component = v.getPropertyPath().toString();
                    String name = params.stream().filter(p -> p.component().equals(component)).map(Param::name)
                            .findFirst().orElse(component);
                    return Violation.rejecting(name, v.getMessage(), v.getInvalidValue());
                })
                .toList();
    }

    /** "args" first, then the arguments in their order, then unknown keywords by name; then by message. */
    private static Comparator<Violation> inOrder(List<Param> params) {
        return Violation.inOrderOf(Stream.concat(Stream.of(ARGS), params.stream().map(Param::name)).toList());
    }

    private static String typeProblem(Param param, JsonNode value) {
        if (value.isNull()) {
            return param.nullable() ? null : "must be " + expected(param.type()) + ", got null";
        }
        if (param.type() == JsonNode.class) {
            return null;
        }
        if (param.type() == String.class) {
            return value.isTextual() ? null : "must be a string, got " + StrictJson.kind(value);
        }
        if (param.type() == Integer.class) {
            return value.isIntegralNumber() && value.canConvertToInt() ? null
                    : "must be a whole number, got " + (value.isNumber() ? value.asText() : StrictJson.kind(value));
        }
        throw new IllegalStateException("argument " + param.name() + ": no JSON binding for " + param.type());
    }

    private static String expected(Class<?> type) {
        return type == String.class ? "a string" : type == Integer.class ? "a whole number" : "a value";
    }

    private static Object value(Param param, JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (param.type() == String.class) {
            return value.textValue();
        }
        if (param.type() == Integer.class) {
            return value.intValue();
        }
        return value;
    }

    private static <R extends Record> R construct(Class<R> type, Object[] values) {
        try {
            Class<?>[] types = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new);
            Constructor<R> constructor = type.getDeclaredConstructor(types);
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName() + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    private static List<Param> params(Class<?> type) {
        return PARAMS.computeIfAbsent(type, t -> {
            if (!t.isRecord()) {
                throw new IllegalArgumentException(t + " is not a record of arguments");
            }
            List<Param> params = new ArrayList<>();
            boolean keywordOnlySeen = false;
            for (RecordComponent component : t.getRecordComponents()) {
                Arg arg = component.getAnnotation(Arg.class);
                if (arg == null) {
                    throw new IllegalArgumentException(t.getSimpleName() + "." + component.getName() + " has no @Arg");
                }
                if (keywordOnlySeen && !arg.keywordOnly()) {
                    throw new IllegalArgumentException(t.getSimpleName() + "." + component.getName()
                            + ": a positional argument cannot follow a keyword-only one");
                }
                keywordOnlySeen |= arg.keywordOnly();
                params.add(new Param(component.getName(), arg.value(), component.getType(), arg.required(),
                        arg.keywordOnly(), arg.nullable()));
            }
            return List.copyOf(params);
        });
    }

    private static Validator buildValidator() {
        try (ValidatorFactory factory = Validation.buildDefaultValidatorFactory()) {
            return factory.getValidator();
        }
    }
}
