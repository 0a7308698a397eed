package routes.observe;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
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
    void theTextLayoutEscapesControlCharactersInAnyMessage() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Layout<?> layout = context.getConfiguration().getAppenders().get("text").getLayout();
        LogEvent event = Log4jLogEvent.newBuilder().setLoggerName("x").setLevel(Level.WARN)
                .setMessage(new SimpleMessage("from client: a\r\n12:00:00.000 INFO forged\u001b[31m\u0000end")).build();

        String line = layout.toSerializable(event).toString();

        assertThat(line).contains("from client: a\\r\\n12:00:00.000 INFO forged?[31m?end");
        assertThat(line.indexOf('\n')).as("one line").isEqualTo(line.length() - 1);
        assertThat(line.chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
    }

    @Test
    void latenciesAreMillisecondsWithThreeDecimals() {
        assertThat(RequestOutcomes.millis(0)).isEqualTo("0.000");
        assertThat(RequestOutcomes.millis(1_234_567)).isEqualTo("1.234");
        assertThat(RequestOutcomes.millis(12_000_999)).isEqualTo("12.000");
        assertThat(RequestOutcomes.millis(2_005_000_000L)).isEqualTo("2005.000");
    }

    @Test
    void nullIsShownAsNull() {
        assertThat(LogText.quote(null, 10)).isEqualTo("null");
    }
}
