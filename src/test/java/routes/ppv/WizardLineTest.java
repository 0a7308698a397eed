package routes.ppv;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The line protocol's bytes exactly as ppv.md and the old worker's logs give them. */
class WizardLineTest {

    private final WizardLine wizard = new WizardLine(1, 30);

    @Test
    void theLineIsTheConnidInHexModuloTheRangePlusOneInThreeDigits() {
        assertThat(wizard.line("012703395c597610")).isEqualTo("016");
        assertThat(wizard.line("0128031c21578752")).isEqualTo("008");
        assertThat(wizard.line("0000000000000000")).isEqualTo("001");
        assertThat(wizard.line("000000000000001c")).isEqualTo("029");
        assertThat(wizard.line("000000000000001d")).isEqualTo("001");
        // above Long.MAX_VALUE: read as unsigned (2^64 - 1 = 18446744073709551615, modulo 29 is 23)
        assertThat(wizard.line("ffffffffffffffff")).isEqualTo("024");
        assertThat(wizard.line("FFFFFFFFFFFFFFFF")).isEqualTo("024");
    }

    @Test
    void anEventFrameIsPaddedWithSpacesTo22AndEndsWithACarriageReturnOnly() {
        byte[] frame = wizard.request("012703395c597610", "EV", "262193");

        assertThat(new String(frame, StandardCharsets.US_ASCII)).isEqualTo("A016EV262193" + " ".repeat(14) + "\r");
        assertThat(frame).hasSize(27).doesNotContain((byte) '\n');
    }

    @Test
    void aNumberFrameAndAConfirmFrame() {
        assertThat(new String(wizard.request("012703395c597610", "EN", "85165320"), StandardCharsets.US_ASCII))
                .isEqualTo("A016EN85165320" + " ".repeat(12) + "\r");
        assertThat(new String(wizard.request("012703395c597610", "UP", null), StandardCharsets.US_ASCII))
                .isEqualTo("A016UP\r");
        assertThat(new String(wizard.request("012703395c597610", "EV", "1".repeat(20)), StandardCharsets.US_ASCII))
                .isEqualTo("A016EV" + "1".repeat(20) + "\r");
    }

    @Test
    void anotherLineRangeGivesOtherLines() {
        assertThat(new WizardLine(10, 20).line("000000000000000a")).isEqualTo("001");
        assertThat(new WizardLine(0, 999).line("00000000000003e6")).isEqualTo("999");
        assertThatThrownBy(() -> new WizardLine(0, 1000)).as("line 1000 has four digits")
                .hasMessageContaining("1 to 999 lines");
    }

    @Test
    void aReplyIsHThenTheSameLineThenTheStatus() {
        assertThat(WizardLine.status("H016OK", "016")).isEqualTo("OK");
        assertThat(WizardLine.status("H016NO CREDIT", "016")).isEqualTo("NO CREDIT");
        assertThat(WizardLine.status("H017OK", "016")).as("another line").isNull();
        assertThat(WizardLine.status("A016OK", "016")).as("not a reply").isNull();
        assertThat(WizardLine.status("H01", "016")).as("cut short").isNull();
        assertThat(WizardLine.status(null, "016")).isNull();
    }

    @Test
    void anUnknownStepAndAnEmptyLineRangeAreRefused() {
        assertThatThrownBy(() -> wizard.request("012703395c597610", "XX", "1")).hasMessageContaining("EV, EN or UP");
        assertThatThrownBy(() -> new WizardLine(30, 30)).hasMessageContaining("PPV_LINE_END - PPV_LINE_START");
    }
}
