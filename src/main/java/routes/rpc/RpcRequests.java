package routes.rpc;

import java.util.List;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import routes.http.Refusal;
import routes.http.Violation;
import routes.nats.NatsRequest;
import routes.observe.RequestOutcomes;

/**
 * The bridge's side of a call, before it crosses NATS: the name from the path ({@link RpcNames}: 400 when malformed,
 * 403 when not allowed), the body in one of the contract's forms ({@link RpcCall}: 400 otherwise), sent as
 * {@code [args, kwargs]} to the subject of that name, within {@code X-Timeout-Ms} when the caller asks for less
 * than the configured timeout.
 */
public final class RpcRequests {

    /** The exchange property holding the call's name (service.method). */
    public static final String NAME = "rpc";
    static final String TIMEOUT_HEADER = "X-Timeout-Ms";
    private static final Pattern MILLIS = Pattern.compile("[0-9]+");
    private static final int MAX_LONG_DIGITS = 18;

    private RpcNames names = RpcNames.allowing("");
    private long timeoutMillis;

    /** RPC_ALLOW: comma-separated glob patterns of the names that may be called. */
    public void setAllow(String patterns) {
        this.names = RpcNames.allowing(patterns);
    }

    /** RPC_TIMEOUT_MS: the longest a call may wait for its answer. */
    public void setTimeoutMillis(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    public void prepare(Exchange exchange) {
        Message message = exchange.getMessage();
        String name = RpcNames.fromPath(message.getHeader(Exchange.HTTP_URI, String.class));
        exchange.setProperty(NAME, name);
        exchange.setProperty(RequestOutcomes.REPLY_KEY, name);
        names.requireAllowed(name);
        RpcCall call;
        try {
            call = RpcCall.parse(message.getBody(byte[].class));
        } catch (RpcCall.Malformed malformed) {
            throw Refusal.badRequest(malformed.violations());
        }
        exchange.setProperty(NatsRequest.SUBJECT, name);
        exchange.setProperty(NatsRequest.TIMEOUT_MS, timeout(message.getHeader(TIMEOUT_HEADER, String.class)));
        message.setBody(call.bytes());
    }

    /** X-Timeout-Ms lowers the timeout, never raises it. */
    long timeout(String header) {
        if (header == null) {
            return timeoutMillis;
        }
        String value = header.trim();
        if (!MILLIS.matcher(value).matches() || value.chars().allMatch(c -> c == '0')) {
            throw Refusal.badRequest(List.of(Violation.of(TIMEOUT_HEADER,
                    "must be a positive whole number of milliseconds, got '" + shorten(value) + "'")));
        }
        String digits = value.replaceFirst("^0+", "");
        return digits.length() > MAX_LONG_DIGITS ? timeoutMillis : Math.min(Long.parseLong(digits), timeoutMillis);
    }

    private static String shorten(String value) {
        String printable = value.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 32 ? printable.substring(0, 32) + "..." : printable;
    }
}
