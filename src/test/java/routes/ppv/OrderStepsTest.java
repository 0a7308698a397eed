package routes.ppv;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import routes.http.Violation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Both notations of an order step, read strictly, and every rule of ppv.md's table, each named with its field. */
class OrderStepsTest {

    private static OrderStep http(String body) {
        return OrderSteps.fromHttpBody(body.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> refusedHttp(String body) {
        OrderSteps.Invalid invalid = catchThrowableOfType(() -> http(body), OrderSteps.Invalid.class);
        assertThat(invalid).as(body).isNotNull();
        return invalid.violations().stream().map(Violation::describe).toList();
    }

    private static List<String> refusedMessage(String text) {
        OrderSteps.Invalid invalid = catchThrowableOfType(() -> OrderSteps.fromMessage(text), OrderSteps.Invalid.class);
        assertThat(invalid).as(text).isNotNull();
        return invalid.violations().stream().map(Violation::describe).toList();
    }

    @Test
    void aJsonObjectAndTheOldNotationInAStringAreTheSameStep() {
        OrderStep fromObject = http("{\"content\": {\"connid\": \"0127032d64a94732\", \"EV\": \"1569885\"}}");
        OrderStep fromString = http("{\"content\": \"{'connid':'0127032d64a94732','EV':'1569885'}\"}");

        assertThat(fromObject).isEqualTo(fromString).isEqualTo(new OrderStep("0127032d64a94732", "1569885", null, null));
        assertThat(fromObject.kind()).isEqualTo("EV");
        assertThat(fromObject.value()).isEqualTo("1569885");
    }

    @Test
    void aNumberAndAConfirmation() {
        OrderStep number = http("{\"content\": \"{'connid':'012703395c597610','EN':'85165320'}\"}");
        OrderStep confirm = http("{\"content\": {\"connid\": \"012703395C597610\", \"CONFIRM\": \"UP\"}}");

        assertThat(number.kind()).isEqualTo("EN");
        assertThat(number.value()).isEqualTo("85165320");
        assertThat(confirm.kind()).isEqualTo("UP");
        assertThat(confirm.value()).isNull();
    }

    @Test
    void aQueueMessageInTheOldNotationOrInJsonAndBack() {
        OrderStep step = OrderSteps.fromMessage("{'connid':'0127032d64a94732','EV':'1569885'}");

        assertThat(OrderSteps.fromMessage("{\"connid\":\"0127032d64a94732\",\"EV\":\"1569885\"}")).isEqualTo(step);
        assertThat(OrderSteps.toOldNotation(step)).isEqualTo("{'connid':'0127032d64a94732','EV':'1569885'}");
        assertThat(OrderSteps.toOldNotation(new OrderStep("0127032d64a94732", null, null, "UP")))
                .isEqualTo("{'connid':'0127032d64a94732','CONFIRM':'UP'}");
        assertThat(OrderSteps.fromMessage(OrderSteps.toOldNotation(step))).isEqualTo(step);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{'EV':'1'}                                        | connid is required",
            "{'connid':'0127032d64a9473','EV':'1'}             | connid must be 16 hexadecimal digits, got \"0127032d64a9473\"",
            "{'connid':'0127032d64a94732a','EV':'1'}           | connid must be 16 hexadecimal digits, got \"0127032d64a94732a\"",
            "{'connid':'0127032g64a94732','EV':'1'}            | connid must be 16 hexadecimal digits, got \"0127032g64a94732\"",
            "{'connid':'0127032d64a94732','EV':''}             | EV must be 1 to 20 digits, got \"\"",
            "{'connid':'0127032d64a94732','EV':'123456789012345678901'} | EV must be 1 to 20 digits, got \"123456789012345678901\"",
            "{'connid':'0127032d64a94732','EN':'12a'}          | EN must be 1 to 20 digits, got \"12a\"",
            "{'connid':'0127032d64a94732','EV':'-1'}           | EV must be 1 to 20 digits, got \"-1\"",
            "{'connid':'0127032d64a94732','CONFIRM':'DOWN'}    | CONFIRM must be \"UP\", got \"DOWN\"",
            "{'connid':'0127032d64a94732'}                     | step must be exactly one of EV, EN and CONFIRM",
            "{'connid':'0127032d64a94732','EV':'1','EN':'2'}   | step must be exactly one of EV, EN and CONFIRM",
            "{'connid':'0127032d64a94732','EV':'1','CONFIRM':'UP'} | step must be exactly one of EV, EN and CONFIRM",
            "{'connid':'0127032d64a94732','EV':1}              | EV must be a string, got a number",
            "{'connid':1,'EV':'1'}                             | connid must be a string, got a number",
            "{'connid':'0127032d64a94732','EV':'1','XX':'2'}   | XX is not a known field",
            "{'connid':'0127032d64a94732','EV':null}           | EV must be a string, got null",
    })
    void eachRuleIsNamedWithItsField(String text, String expected) {
        assertThat(refusedMessage(text)).containsExactly(expected);
        String json = text.replace('\'', '"');
        assertThat(refusedHttp("{\"content\": " + json + "}")).containsExactly(expected);
        assertThat(refusedHttp("{\"content\": \"" + text + "\"}")).containsExactly(expected);
    }

    @Test
    void everyProblemOfAStepIsNamedInTheContractsOrder() {
        assertThat(refusedMessage("{'EN':'x','connid':'zz','EV':'1'}")).containsExactly(
                "connid must be 16 hexadecimal digits, got \"zz\"", "EN must be 1 to 20 digits, got \"x\"",
                "step must be exactly one of EV, EN and CONFIRM");
    }

    @Test
    void whatIsNoOrderStepAtAllIsRefusedByWhatItIs() {
        assertThat(refusedHttp("")).containsExactly("body is empty: a JSON object is required");
        assertThat(refusedHttp("[1]")).containsExactly("body must be a JSON object, got an array");
        assertThat(refusedHttp("{\"content\": ")).singleElement().asString().startsWith("body is not valid JSON");
        assertThat(refusedHttp("{}")).containsExactly("content is required");
        assertThat(refusedHttp("{\"content\": 7}")).containsExactly("content must be an object or a string, got a number");
        assertThat(refusedHttp("{\"content\": \"None\"}")).singleElement().asString()
                .startsWith("content is not an order step in JSON or the old notation: not valid JSON");
        assertThat(refusedHttp("{\"content\": \"[]\"}")).containsExactly("content must hold an object, got an array");
        assertThat(refusedHttp("{\"content\": \"\"}")).containsExactly("content must hold an object, got nothing");
        assertThat(refusedHttp("{\"content\": {\"connid\": \"0127032d64a94732\", \"EV\": \"1\"}, \"extra\": 1}"))
                .containsExactly("extra is not a known field");
        assertThat(refusedMessage("None")).singleElement().asString()
                .startsWith("body is not an order step in JSON or the old notation: not valid JSON");
    }
}
