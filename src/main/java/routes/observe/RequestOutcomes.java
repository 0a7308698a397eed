package routes.observe;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first and last step of every request, on both sides of the broker: notes when it arrived and under which
 * request id, and once it is answered counts it ({@link FlowMetrics}) and logs one INFO line with the request id,
 * the flow's key field (game_id for football, escaped), the outcome and the latency.
 */
public final class RequestOutcomes {

    /** Exchange properties the routes set or read. */
    public static final String REQUEST_ID = "requestId";
    /** The flow's name, which its gateway route sets first. */
    public static final String FLOW = "flow";
    public static final String LOG_FIELD = "logField";
    /** What the log line shows for LOG_FIELD: read from the reply (football's game_id) or set by the flow (rpc's name). */
    public static final String REPLY_KEY = "replyKey";
    /** What the flow told the caller where the status does not say it (ppv's callresult); the log line shows it. */
    public static final String OUTCOME = "outcome";
    private static final String RECEIVED_AT = "receivedAtNanos";

    static final int MAX_LOGGED_CHARS = 128;
    private static final Map<String, Logger> LOGGERS = new ConcurrentHashMap<>();

    private RequestOutcomes() {
    }

    /** Starts the clock (the request id is taken by routes.http.RequestIds). */
    public static void received(Exchange exchange) {
        exchange.setProperty(RECEIVED_AT, System.nanoTime());
    }

    /** Gateway: the HTTP answer is ready. */
    public static void gatewayAnswered(Exchange exchange) {
        String flow = exchange.getProperty(FLOW, String.class);
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        long nanos = elapsed(exchange);
        FlowMetrics.of(exchange.getContext()).httpAnswered(flow, status, nanos);
        String outcome = exchange.getProperty(OUTCOME, String.class);
        logger(flow, "gateway").info("request {} {}={} answered {}{} in {} ms",
                exchange.getProperty(REQUEST_ID), exchange.getProperty(LOG_FIELD),
                LogText.quote(exchange.getProperty(REPLY_KEY, String.class), MAX_LOGGED_CHARS), status,
                outcome == null ? "" : " " + LogText.quote(outcome, MAX_LOGGED_CHARS), millis(nanos));
    }

    /** Worker: the reply is ready; {@code key} is the request's key field (for football its game_id), or null. */
    public static void workerAnswered(Exchange exchange, String flow, String keyField, String key, String outcome) {
        long nanos = elapsed(exchange);
        FlowMetrics.of(exchange.getContext()).workerAnswered(flow, outcome, nanos);
        logger(flow, "worker").info("request {} {}={} {} in {} ms",
                exchange.getProperty(REQUEST_ID), keyField, LogText.quote(key, MAX_LOGGED_CHARS), outcome, millis(nanos));
    }

    /** routes.<flow>.gateway and routes.<flow>.worker, looked up once: every request logs through them. */
    private static Logger logger(String flow, String side) {
        return LOGGERS.computeIfAbsent(flow + "." + side, name -> LoggerFactory.getLogger("routes." + name));
    }

    private static long elapsed(Exchange exchange) {
        Long receivedAt = exchange.getProperty(RECEIVED_AT, Long.class);
        return receivedAt == null ? 0 : System.nanoTime() - receivedAt;
    }

    /** Milliseconds with three decimals ("12.345"), without String.format: this runs for every request. */
    static String millis(long nanos) {
        long micros = nanos / 1000;
        String fraction = Long.toString(1000 + micros % 1000).substring(1);
        return (micros / 1000) + "." + fraction;
    }
}
