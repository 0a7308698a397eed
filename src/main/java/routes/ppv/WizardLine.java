package routes.ppv;

import java.nio.charset.StandardCharsets;

/**
 * The billing system's ("the wizard's") line protocol, as ppv.md fixes it. An order step goes out as one request
 * frame, {@code A} + line + body + CR, and comes back as one reply frame, {@code H} + the same line + status + CR.
 * The line is the call's connid read as a hexadecimal number, modulo the width of the line range, plus 1, in three
 * digits: one call always reaches one line.
 */
public final class WizardLine {

    public static final char CR = '\r';
    private static final int BODY_WIDTH = 22;
    private static final int LINE_DIGITS = 3;

    private final int lines;

    /** {@code start} and {@code end}: PPV_LINE_START and PPV_LINE_END; lines run from 1 to end - start. */
    public WizardLine(int start, int end) {
        if (end - start < 1 || end - start > 999) {
            throw new IllegalArgumentException("the wizard's line range must hold 1 to 999 lines (PPV_LINE_END - PPV_LINE_START), got "
                    + start + " to " + end);
        }
        this.lines = end - start;
    }

    /** The three-digit line of a connid of 16 hexadecimal digits ("012703395c597610" gives "016" with 29 lines). */
    public String line(String connid) {
        long value = Long.parseUnsignedLong(connid, 16);
        long line = Long.remainderUnsigned(value, lines) + 1;
        String digits = Long.toString(line);
        return "0".repeat(LINE_DIGITS - digits.length()) + digits;
    }

    /** The request frame of one order step; {@code kind} is EV, EN or UP (a CONFIRM), {@code value} null for UP. */
    public byte[] request(String connid, String kind, String value) {
        String body = switch (kind) {
            case "EV", "EN" -> padded(kind + value);
            case "UP" -> "UP";
            default -> throw new IllegalArgumentException("an order step is EV, EN or UP, got " + kind);
        };
        return ("A" + line(connid) + body + CR).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The status text of a reply frame read up to its CR (the CR left out), or null when it is not the reply to a
     * request on {@code line}: it does not start with {@code H} and that line.
     */
    public static String status(String frame, String line) {
        String prefix = "H" + line;
        if (frame == null || !frame.startsWith(prefix)) {
            return null;
        }
        return frame.substring(prefix.length());
    }

    private static String padded(String body) {
        return body.length() >= BODY_WIDTH ? body : body + " ".repeat(BODY_WIDTH - body.length());
    }
}
