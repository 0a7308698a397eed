package routes.http;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;

/**
 * Request ids: the client's {@code X-Request-Id} when it is a sane token, else a fresh random one. Anything else
 * (spaces, control characters, very long values) would end up in logs and NATS headers, so it is replaced.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");

    private RequestIds() {
    }

    /** The exchange property every route keeps the request id in (logged, echoed, sent over the broker). */
    public static final String PROPERTY = "requestId";

    /** Keeps the request's id (from its X-Request-Id header, else a new one) in {@link #PROPERTY}. */
    public static void take(Exchange exchange) {
        exchange.setProperty(PROPERTY, accept(exchange.getMessage().getHeader(HEADER, String.class)));
    }

    public static String accept(String candidate) {
        if (candidate != null && ACCEPTED.matcher(candidate).matches()) {
            return candidate;
        }
        return generate();
    }

    /** A random UUID (version 4 layout) without SecureRandom, which would contend under load; ids are not secrets. */
    public static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new java.util.UUID(high, low).toString();
    }
}
