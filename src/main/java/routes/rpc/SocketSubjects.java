package routes.rpc;

import java.util.List;
import java.util.regex.Pattern;

import routes.http.Globs;

/**
 * Which NATS subjects a WebSocket may subscribe to and publish on (WS_SUBSCRIBE_ALLOW, WS_PUBLISH_ALLOW: glob
 * patterns). A subject is tokens separated by dots, none empty, without spaces or control characters. Three kinds
 * are refused unless a pattern names them explicitly:
 * <ul>
 * <li>a subscription with a wildcard token ({@code *}, or {@code >} last): only under a pattern that ends in
 * {@code >}, NATS' own "everything below" (pattern {@code news.>} allows {@code news.*}, {@code news.>},
 * {@code news.eu.*}; the default {@code websocket_test.*} allows no wildcard);</li>
 * <li>subjects beginning {@code $} (NATS system subjects) or {@code _INBOX} (replies): only when a pattern that
 * begins the same way matches.</li>
 * </ul>
 * Publishing on a wildcard is never possible (NATS has no such thing).
 */
public final class SocketSubjects {

    /** Longer subjects are refused: no subject of the services is near this, and every message carries it. */
    static final int MAX_SUBJECT_CHARS = 256;
    private static final Pattern TOKEN = Pattern.compile("[^\\s\\p{Cntrl}.*>]+|\\*|>");

    private final List<String> globs;
    private final List<Pattern> patterns;

    private SocketSubjects(String patterns) {
        this.globs = List.of(patterns.split(",")).stream().map(String::trim).filter(g -> !g.isEmpty()).toList();
        this.patterns = Globs.list(patterns);
    }

    public static SocketSubjects allowing(String patterns) {
        return new SocketSubjects(patterns);
    }

    /** The subject, when it may be subscribed to; else a refusal saying why. */
    public String subscribable(Object subject) {
        String checked = wellFormed(subject, true);
        if (isWildcard(checked)) {
            for (String glob : globs) {
                String below = glob.substring(0, glob.length() - 1);
                if ((glob.equals(">") || glob.endsWith(".>")) && checked.startsWith(below)
                        && explicitFor(checked, glob)) {
                    return checked;
                }
            }
            throw new FrameRefused(FrameRefused.NOT_AUTHORIZED, "subscribing to the wildcard subject '" + checked
                    + "' is not allowed (only under a WS_SUBSCRIBE_ALLOW pattern ending in '>')");
        }
        return allowed(checked, "subscribing to");
    }

    /** The subject, when it may be published on; else a refusal saying why. */
    public String publishable(Object subject) {
        String checked = wellFormed(subject, false);
        return allowed(checked, "publishing on");
    }

    /** System and reply subjects only under a pattern that begins the same way. */
    private static boolean explicitFor(String subject, String glob) {
        if (subject.startsWith("$")) {
            return glob.startsWith("$");
        }
        return !subject.startsWith("_INBOX") || glob.startsWith("_INBOX");
    }

    private String allowed(String subject, String what) {
        for (int i = 0; i < patterns.size(); i++) {
            if (explicitFor(subject, globs.get(i)) && patterns.get(i).matcher(subject).matches()) {
                return subject;
            }
        }
        throw new FrameRefused(FrameRefused.NOT_AUTHORIZED, what + " '" + subject + "' is not allowed");
    }

    private static boolean isWildcard(String subject) {
        for (String token : subject.split("\\.", -1)) {
            if (token.equals("*") || token.equals(">")) {
                return true;
            }
        }
        return false;
    }

    private static String wellFormed(Object value, boolean wildcards) {
        if (!(value instanceof String subject)) {
            throw new FrameRefused(FrameRefused.INVALID_URI, "a subject must be a string, got " + describe(value));
        }
        if (subject.isEmpty() || subject.length() > MAX_SUBJECT_CHARS) {
            throw new FrameRefused(FrameRefused.INVALID_URI,
                    "a subject must be 1 to " + MAX_SUBJECT_CHARS + " characters, got " + subject.length());
        }
        String[] tokens = subject.split("\\.", -1);
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            if (!TOKEN.matcher(token).matches()) {
                throw new FrameRefused(FrameRefused.INVALID_URI, "'" + shown(subject)
                        + "' is not a NATS subject: tokens are separated by single dots, none empty, without spaces,"
                        + " control characters or wildcards inside");
            }
            boolean wildcard = token.equals("*") || token.equals(">");
            if (wildcard && !wildcards) {
                throw new FrameRefused(FrameRefused.INVALID_URI, "cannot publish on the wildcard subject '" + subject + "'");
            }
            if (token.equals(">") && i != tokens.length - 1) {
                throw new FrameRefused(FrameRefused.INVALID_URI, "'>' may only be the last token of '" + subject + "'");
            }
        }
        return subject;
    }

    static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        return value instanceof com.fasterxml.jackson.databind.JsonNode node ? node.getNodeType().name().toLowerCase()
                : value.getClass().getSimpleName();
    }

    private static String shown(String subject) {
        StringBuilder out = new StringBuilder();
        subject.codePoints().limit(MAX_SUBJECT_CHARS).forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
