package routes.football;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import routes.http.Violation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FootballRequestParserTest {

    private final FootballRequestParser parser = new FootballRequestParser();

    @Test
    void readsAWellTypedRequest() {
        FootballRequest request = parser.parse(bytes("{\"away_expected\":1.1,\"game_id\":\"g1\",\"home_expected\":2}"));

        assertThat(request).isEqualTo(new FootballRequest("g1", 2.0, 1.1));
    }

    @Test
    void leavesRangeChecksToBeanValidation() {
        // well typed but out of range: parsing succeeds, the route's bean-validator step refuses it
        assertThat(parser.parse(bytes("{\"game_id\":\"\",\"home_expected\":-3,\"away_expected\":99}")))
                .isEqualTo(new FootballRequest("", -3.0, 99.0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"game_id":1,"home_expected":1,"away_expected":1}       | game_id       | must be a string, got a number
            {"game_id":{},"home_expected":1,"away_expected":1}      | game_id       | must be a string, got an object
            {"game_id":"g","home_expected":"1","away_expected":1}   | home_expected | must be a number, got a string
            {"game_id":"g","home_expected":1,"away_expected":true}  | away_expected | must be a number, got a boolean
            {"game_id":"g","home_expected":1,"away_expected":null}  | away_expected | must be a number, got null
            {"game_id":"g","home_expected":1,"away_expected":1,"x":0} | x           | is not a known field
            """)
    void namesTheFieldAndTheJsonTypeRule(String body, String field, String message) {
        InvalidFootballRequest invalid = refused(body);

        assertThat(invalid.violations()).containsExactly(Violation.of(field, message));
    }

    @Test
    void aWrongTypeHidesThatFieldsConstraintsButNotTheOthers() {
        InvalidFootballRequest invalid = refused("{\"home_expected\":\"0.1\",\"away_expected\":-1,\"zz\":1}");

        assertThat(invalid.violations()).extracting(Violation::field, Violation::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("game_id", "is required"),
                org.assertj.core.groups.Tuple.tuple("home_expected", "must be a number, got a string"),
                org.assertj.core.groups.Tuple.tuple("away_expected", "must be between 0 and 15"),
                org.assertj.core.groups.Tuple.tuple("zz", "is not a known field"));
        assertThat(invalid.gameId()).isNull();
    }

    @Test
    void echoesTheGameIdWhenItIsAString() {
        assertThat(refused("{\"game_id\":\"abc\",\"home_expected\":[],\"away_expected\":1}").gameId()).isEqualTo("abc");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ''                                   | is empty
            '   '                                | is empty
            []                                   | must be a JSON object, got an array
            null                                 | must be a JSON object, got null
            {"game_id":"a","game_id":"b"}        | Duplicate field 'game_id'
            {} {}                                | is not valid JSON
            {"a":1,}                             | is not valid JSON
            {"a":01}                             | is not valid JSON
            {"a":Infinity}                       | is not valid JSON
            """)
    void refusesTheDocumentAsAWhole(String body, String message) {
        InvalidFootballRequest invalid = refused(body);

        assertThat(invalid.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo(Violation.BODY);
            assertThat(v.message()).contains(message);
        });
    }

    @Test
    void refusesBytesThatAreNotUtf8() {
        byte[] latin1 = "{\"game_id\":\"caf\u00e9\",\"home_expected\":1,\"away_expected\":1}"
                .getBytes(StandardCharsets.ISO_8859_1);

        assertThat(catchThrowableOfType(InvalidFootballRequest.class, () -> parser.parse(latin1)).violations())
                .singleElement().extracting(Violation::field).isEqualTo(Violation.BODY);
    }

    private InvalidFootballRequest refused(String body) {
        InvalidFootballRequest invalid = catchThrowableOfType(InvalidFootballRequest.class, () -> parser.parse(bytes(body)));
        assertThat(invalid).as("refused: %s", body).isNotNull();
        return invalid;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
