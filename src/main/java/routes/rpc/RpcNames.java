package routes.rpc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import routes.http.Globs;
import routes.http.HttpError;
import routes.http.Json;
import routes.http.Refusal;
import routes.http.Violation;

/**
 * What may be called: a name is {@code service.method}, each 1 to 64 characters of {@code A-Z a-z 0-9 _ -}; it must
 * match one of the allowlist's glob patterns ({@code *} any run of characters, {@code ?} one); and subjects that
 * begin with {@code $} (NATS system subjects) or {@code _INBOX} (replies) are never callable, whatever the allowlist.
 */
public final class RpcNames {

    private static final int BAD_REQUEST = 400;
    private static final int MAX_TOKEN = 64;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]+");
    private static final int FORBIDDEN = 403;

    private final List<Pattern> allowed;

    private RpcNames(List<Pattern> allowed) {
        this.allowed = allowed;
    }

    /** The allowlist: comma-separated glob patterns (RPC_ALLOW). */
    public static RpcNames allowing(String patterns) {
        return new RpcNames(Globs.list(patterns));
    }

    public boolean allows(String name) {
        if (name.startsWith("$") || name.startsWith("_INBOX")) {
            return false;
        }
        return Globs.anyMatches(allowed, name);
    }

    /** 403 unless the (well-formed) name is allowed. */
    public void requireAllowed(String name) {
        if (!allows(name)) {
            throw HttpError.of(FORBIDDEN, "rpc '" + name + "' is not allowed");
        }
    }

    /**
     * The name a request's path calls ("/greeting_service.hello", percent-encoding decoded; the query is not part
     * of it): read from the path itself, never from a header a client could send. 400 when it is not a name.
     */
    public static String fromPath(String uri) {
        String path = uri == null ? "" : uri;
        int query = path.indexOf('?');
        path = query < 0 ? path : path.substring(0, query);
        path = path.startsWith("/") ? path.substring(1) : path;
        String segment;
        try {
            // '+' is a plus sign in a path, not a space
            segment = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Refusal.badRequest(List.of(Violation.of("rpc", "is not percent-encoded properly: " + e.getMessage())));
        }
        int dot = segment.lastIndexOf('.');
        return dot < 0 ? check(segment, "") : check(segment.substring(0, dot), segment.substring(dot + 1));
    }

    /**
     * The name from the path's two parts, or a 400 naming what is wrong with it: each part checked on its own, so
     * "a.b.c" (more dots), ".b" (an empty part), "*.b" or "$SYS.x" are refused before anything reaches NATS.
     */
    public static String check(String service, String method) {
        String name = service + "." + method;
        List<Violation> problems = new ArrayList<>();
        token("service", service, problems);
        token("method", method, problems);
        if (!problems.isEmpty()) {
            String error = "rpc '" + shown(name) + "' is not service.method: "
                    + String.join("; ", problems.stream().map(Violation::describe).toList());
            throw new HttpError(BAD_REQUEST, Json.bytes(new Refusal(error, problems)));
        }
        return name;
    }

    private static void token(String part, String value, List<Violation> problems) {
        if (value.isEmpty()) {
            problems.add(Violation.of(part, "is empty"));
        } else if (value.contains(".")) {
            problems.add(Violation.of(part, "contains a dot: a name has exactly one, between service and method"));
        } else if (value.contains("*") || value.contains(">")) {
            problems.add(Violation.of(part, "contains a wildcard ('*' or '>'): only one subject can be called"));
        } else if (value.startsWith("$")) {
            problems.add(Violation.of(part, "starts with '$': NATS system subjects are not callable"));
        } else if (value.codePointCount(0, value.length()) > MAX_TOKEN) {
            problems.add(Violation.of(part, "is longer than " + MAX_TOKEN + " characters"));
        } else if (!TOKEN.matcher(value).matches()) {
            problems.add(Violation.of(part, "may hold only the characters A-Z a-z 0-9 _ -"));
        }
    }

    /** The name as an answer may quote it: control characters and very long names would be unreadable. */
    private static String shown(String name) {
        String cut = name.length() > 2 * MAX_TOKEN + 1 ? name.substring(0, 2 * MAX_TOKEN + 1) + "..." : name;
        StringBuilder out = new StringBuilder();
        cut.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
