package routes.football;

import org.apache.camel.Exchange;

import routes.nats.ReplyEnvelope;
import routes.nats.ServiceErrors;
import routes.observe.RequestOutcomes;

/**
 * The pricer's answers over NATS, as {@link ReplyEnvelope} envelopes the gateway maps to HTTP. Each one replaces the
 * message body with the envelope and accounts for the request ({@link RequestOutcomes}: metric and log line). An
 * answer that is not a price also carries the NATS services error headers (the envelope's status and the error),
 * so service discovery counts it as an error.
 */
public final class PricerAnswers {

    public static final int PRICED = 200;
    public static final int INVALID = 400;
    static final int UNRECORDED = 503;
    static final int FAILED = 500;
    static final String FLOW = "football";
    static final String KEY_FIELD = "game_id";
    /** The exchange property the route keeps a refused request's {@link Rejection} in. */
    static final String REJECTION = "rejection";

    private PricerAnswers() {
    }

    /** Body: the {@link FootballPrices} of a valid request. */
    public static void priced(Exchange exchange) {
        FootballPrices prices = exchange.getMessage().getBody(FootballPrices.class);
        answer(exchange, ReplyEnvelope.json(PRICED, prices), prices.gameId(), "priced");
    }

    /** The request was refused and its invalid record is stored. */
    public static void invalid(Exchange exchange) {
        Rejection rejection = exchange.getProperty(REJECTION, Rejection.class);
        answer(exchange, ReplyEnvelope.json(INVALID, rejection), rejection.gameId(), "invalid");
        serviceError(exchange, INVALID, rejection.error());
    }

    /** A 400 promises a kept record; without one the client is told to retry instead. */
    public static void unrecorded(Exchange exchange) {
        String error = "invalid request could not be recorded, retry later";
        answer(exchange, ReplyEnvelope.error(UNRECORDED, error), gameId(exchange), "unrecorded");
        serviceError(exchange, UNRECORDED, error);
    }

    /** Anything unexpected: the caller still gets an answer instead of waiting out the timeout. */
    public static void failed(Exchange exchange) {
        String error = "pricing failed";
        answer(exchange, ReplyEnvelope.error(FAILED, error), gameId(exchange), "failed");
        serviceError(exchange, FAILED, error);
    }

    private static void answer(Exchange exchange, byte[] envelope, String gameId, String outcome) {
        exchange.getMessage().setBody(envelope);
        RequestOutcomes.workerAnswered(exchange, FLOW, KEY_FIELD, gameId, outcome);
    }

    private static void serviceError(Exchange exchange, int status, String error) {
        exchange.getMessage().setHeader(ServiceErrors.CODE, status);
        exchange.getMessage().setHeader(ServiceErrors.MESSAGE, error);
    }

    private static String gameId(Exchange exchange) {
        Rejection rejection = exchange.getProperty(REJECTION, Rejection.class);
        if (rejection != null) {
            return rejection.gameId();
        }
        Object body = exchange.getMessage().getBody();
        return body instanceof FootballRequest request ? request.gameId()
                : body instanceof FootballPrices prices ? prices.gameId() : null;
    }
}
