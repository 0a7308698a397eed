package routes.rpc;

import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/** The arguments of {@code thing_service}'s methods, and the query parameters they become. */
public final class ThingArguments {

    static final int MAX_LIMIT = 1000;

    private ThingArguments() {
    }

    /** {@code create_thing(*, name)}: 1 to 200 characters (counted as characters, not UTF-16 units), not blank. */
    public record CreateThing(
            @Arg(value = "name", required = true, keywordOnly = true)
            @Pattern(regexp = "(?s).{1,200}", message = "must be 1 to 200 characters long")
            @Pattern(regexp = "(?sU).*\\S.*", message = "must not be blank")
            String name) {

        public static CreateThing bind(byte[] call) {
            return RpcArguments.bind(call, CreateThing.class, "thing_service.create_thing");
        }

        /** The insert's named parameters. */
        public Map<String, Object> parameters() {
            return Map.of("name", name);
        }
    }

    /** {@code get_things(*, limit=1000)}: at most limit things, oldest first. */
    public record GetThings(
            @Arg(value = "limit", keywordOnly = true)
            @Min(value = 1, message = "must be between 1 and 1000")
            @Max(value = MAX_LIMIT, message = "must be between 1 and 1000")
            Integer limit) {

        public GetThings {
            limit = limit == null ? MAX_LIMIT : limit;
        }

        public static GetThings bind(byte[] call) {
            return RpcArguments.bind(call, GetThings.class, "thing_service.get_things");
        }

        /** The query's named parameters. */
        public Map<String, Object> parameters() {
            return Map.of("limit", limit);
        }
    }
}
