package routes.observe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogTextTest {

    @Test
    void plainTextIsOnlyQuoted() {
        assertThat(LogText.quote("g1 Arsenal–Chelsea ⚽", 128)).isEqualTo("\"g1 Arsenal–Chelsea ⚽\"");
    }

    @Test
    void controlSeparatorAndFormatCharactersAreEscaped() {
        assertThat(LogText.quote("a\r\nb\t\"c\"\\\u0000\u001b[31m\u0085\u2028\u202e\uDB40\uDC01", 128))
                .isEqualTo("\"a\\r\\nb\\t\\\"c\\\"\\\\\\u0000\\u001b[31m\\u0085\\u2028\\u202e\\udb40\\udc01\"");
    }

    @Test
    void longTextIsCutAtCharactersNotUnits() {
        assertThat(LogText.quote("😀".repeat(5), 3)).isEqualTo("\"😀😀😀\"...(2 more characters)");
    }

    @Test
    void nullIsShownAsNull() {
        assertThat(LogText.quote(null, 10)).isEqualTo("null");
    }
}
