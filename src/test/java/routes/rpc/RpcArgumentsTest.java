package routes.rpc;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import routes.http.Violation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Binding a call to a method's arguments, as a function call binds, without a broker or a route. */
class RpcArgumentsTest {

    private static byte[] call(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static InvalidArguments refused(String json) {
        try {
            GreetingArguments.Hello.bind(call(json));
        } catch (InvalidArguments e) {
            return e;
        }
        throw new AssertionError("bound: " + json);
    }

    @Test
    void positionalThenKeywordWithDefaults() {
        assertThat(GreetingArguments.Hello.bind(call("[[\"Bob\"], {\"last_name\": \"Ross\"}]")))
                .isEqualTo(new GreetingArguments.Hello("Bob", "Ross"));
        assertThat(GreetingArguments.Hello.bind(call("[[\"Bob\", \"Ross\"]]")))
                .isEqualTo(new GreetingArguments.Hello("Bob", "Ross"));
        assertThat(GreetingArguments.Hello.bind(call("{\"last_name\": \"Ross\", \"first_name\": \"Bob\"}")))
                .isEqualTo(new GreetingArguments.Hello("Bob", "Ross"));
        assertThat(GreetingArguments.Hello.bind(call("[[\"Bob\"]]")).lastName()).isEmpty();
        assertThat(GreetingArguments.HelloSleep.bind(call("")).name()).isNull();
        assertThat(GreetingArguments.HelloSleep.bind(call("{\"name\": null}")).name()).isNull();
        assertThat(ThingArguments.GetThings.bind(call("[]")).limit()).isEqualTo(1000);
    }

    @Test
    void everyBindingProblemIsNamedInArgumentOrder() {
        InvalidArguments invalid = refused("[[5, \"Ross\", \"extra\"], {\"last_name\": \"R\", \"nick\": \"x\"}]");

        assertThat(invalid.refusal().violations()).extracting(Violation::field, Violation::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("args", "greeting_service.hello takes at most 2 positional arguments, got 3"),
                org.assertj.core.groups.Tuple.tuple("first_name", "must be a string, got a number"),
                org.assertj.core.groups.Tuple.tuple("last_name", "is given twice: by position and by name"),
                org.assertj.core.groups.Tuple.tuple("nick", "is not an argument of greeting_service.hello"));
        assertThat(invalid.refusal().error()).startsWith("args greeting_service.hello takes at most 2");
    }

    @Test
    void aMissingRequiredArgumentAndConstraintsOfTheOthersAreReportedTogether() {
        InvalidArguments invalid = null;
        try {
            ThingArguments.CreateThing.bind(call("[[\"positional\"], {}]"));
        } catch (InvalidArguments e) {
            invalid = e;
        }
        assertThat(invalid).isNotNull();
        assertThat(invalid.refusal().violations()).extracting(Violation::field).containsExactly("args", "name");

        try {
            ThingArguments.GetThings.bind(call("{\"limit\": 0, \"other\": 1}"));
            throw new AssertionError("bound");
        } catch (InvalidArguments e) {
            assertThat(e.refusal().violations()).extracting(Violation::field, Violation::message).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("limit", "must be between 1 and 1000"),
                    org.assertj.core.groups.Tuple.tuple("other", "is not an argument of thing_service.get_things"));
        }
    }

    @Test
    void integersMustBeWholeAndFitAndStringsMustBeStrings() {
        assertThatThrownBy(() -> ThingArguments.GetThings.bind(call("{\"limit\": 99999999999}")))
                .isInstanceOf(InvalidArguments.class).hasMessageContaining("must be a whole number, got 99999999999");
        assertThatThrownBy(() -> ThingArguments.GetThings.bind(call("{\"limit\": true}")))
                .hasMessageContaining("must be a whole number, got a boolean");
        assertThatThrownBy(() -> ThingArguments.GetThings.bind(call("{\"limit\": 1e2}")))
                .hasMessageContaining("must be a whole number, got 100.0");
        assertThatThrownBy(() -> ThingArguments.CreateThing.bind(call("{\"name\": {\"a\": 1}}")))
                .hasMessageContaining("name must be a string, got an object");
    }

    @Test
    void malformedCallsAreRefusedAsSuch() {
        assertThat(refused("[[], {}, 1]").refusal().violations()).extracting(Violation::field).containsExactly("body");
        assertThat(refused("[1, 2]").refusal().violations()).extracting(Violation::field).containsExactly("args", "kwargs");
        assertThat(refused("{\"a\": 1, \"a\": 2}").refusal().error()).contains("Duplicate field 'a'");
        assertThatThrownBy(() -> GreetingArguments.Hello.bind(new byte[] {(byte) 0xc3, 0x28}))
                .hasMessageContaining("is not valid UTF-8");
    }

    @Test
    void anyArgumentsTakeTheCallAsItIs() {
        AnyArguments any = AnyArguments.bind(call("[[1, [2]], {\"x\": null}]"));
        assertThat(new String(any.bytes(), StandardCharsets.UTF_8)).isEqualTo("[[1,[2]],{\"x\":null}]");
        assertThat(new String(AnyArguments.bind(call("")).bytes(), StandardCharsets.UTF_8)).isEqualTo("[[],{}]");
    }
}
