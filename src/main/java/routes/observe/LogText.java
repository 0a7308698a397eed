package routes.observe;

/**
 * Client text as it may appear in a log line: quoted, with quotes, backslashes and every control or line-separator
 * character escaped, so a client cannot forge log lines or hide text from whoever reads them. Long text is cut.
 */
public final class LogText {

    private LogText() {
    }

    public static String quote(String text, int maxChars) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 16).append('"');
        int shown = 0;
        int i = 0;
        while (i < text.length() && shown < maxChars) {
            int cp = text.codePointAt(i);
            appendEscaped(out, cp);
            i += Character.charCount(cp);
            shown++;
        }
        out.append('"');
        if (i < text.length()) {
            out.append("...(").append(text.codePointCount(i, text.length())).append(" more characters)");
        }
        return out.toString();
    }

    private static void appendEscaped(StringBuilder out, int cp) {
        switch (cp) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
                if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029 || cp == 0x85
                        || Character.getType(cp) == Character.FORMAT) {
                    for (char unit : Character.toChars(cp)) {
                        out.append(String.format("\\u%04x", (int) unit));
                    }
                } else {
                    out.appendCodePoint(cp);
                }
            }
        }
    }
}
