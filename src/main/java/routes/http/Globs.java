package routes.http;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Comma-separated glob patterns as settings write them: {@code *} any run of characters, {@code ?} one. */
public final class Globs {

    private Globs() {
    }

    /** Each non-blank pattern of the list, trimmed, as a regular expression matching whole strings. */
    public static List<Pattern> list(String patterns) {
        List<Pattern> compiled = new ArrayList<>();
        for (String glob : patterns.split(",")) {
            if (!glob.isBlank()) {
                compiled.add(compile(glob.trim()));
            }
        }
        return List.copyOf(compiled);
    }

    public static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    public static boolean anyMatches(List<Pattern> patterns, String value) {
        for (Pattern pattern : patterns) {
            if (pattern.matcher(value).matches()) {
                return true;
            }
        }
        return false;
    }
}
