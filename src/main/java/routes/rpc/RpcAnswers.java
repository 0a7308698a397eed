package routes.rpc;

import org.apache.camel.Exchange;

import routes.http.ErrorBody;
import routes.http.Json;
import routes.http.Refusal;
import routes.nats.ServiceErrors;
import routes.observe.RequestOutcomes;

/**
 * A service method's answers over NATS. A result is the body alone ({@code [args, kwargs]}), what a plain NATS
 * client of the old services got; anything else is an error reply: the NATS services error headers (the HTTP
 * status the bridge answers, and the message) and the error JSON as the body. Each one accounts for the call
 * ({@link RequestOutcomes}: metric and log line, with the call's name).
 */
public final class RpcAnswers {

    static final String FLOW = "rpc";
    static final String KEY_FIELD = "rpc";
    /** The exchange property a refused call's {@link Refusal} is kept in. */
    public static final String REFUSAL = "refusal";
    private static final int INVALID = 400;
    private static final int FAILED = 502;
    private static final int UNAVAILABLE = 503;

    private RpcAnswers() {
    }

    /** Body: the method's {@link RpcResult}. */
    public static void result(Exchange exchange) {
        exchange.getMessage().setBody(Json.bytes(exchange.getMessage().getBody(RpcResult.class)));
        RequestOutcomes.workerAnswered(exchange, FLOW, KEY_FIELD, name(exchange), "answered");
    }

    /** The call was refused and its invalid record is stored. */
    public static void invalid(Exchange exchange) {
        Refusal refusal = exchange.getProperty(REFUSAL, Refusal.class);
        error(exchange, INVALID, refusal.error(), Json.bytes(refusal), "invalid");
    }

    /** A 400 promises a kept record; without one the caller is told to retry instead. */
    public static void unrecorded(Exchange exchange) {
        String message = "invalid call of " + name(exchange) + " could not be recorded, retry later";
        error(exchange, UNAVAILABLE, message, ErrorBody.json(message), "unrecorded");
    }

    /** What the method needs is down ({@link ServiceUnavailable}). */
    public static void unavailable(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String message = caught instanceof ServiceUnavailable down ? down.getMessage()
                : name(exchange) + " unavailable: its store cannot be reached, retry later";
        error(exchange, UNAVAILABLE, message, ErrorBody.json(message), "unavailable");
    }

    /** Anything unexpected: the caller still gets an answer (502 from the bridge), without the internals. */
    public static void failed(Exchange exchange) {
        String message = name(exchange) + " failed";
        error(exchange, FAILED, message, ErrorBody.json(message), "failed");
    }

    private static void error(Exchange exchange, int status, String message, byte[] body, String outcome) {
        exchange.getMessage().setHeader(ServiceErrors.CODE, status);
        exchange.getMessage().setHeader(ServiceErrors.MESSAGE, message);
        exchange.getMessage().setBody(body);
        RequestOutcomes.workerAnswered(exchange, FLOW, KEY_FIELD, name(exchange), outcome);
    }

    private static String name(Exchange exchange) {
        return exchange.getProperty(RpcRequests.NAME, String.class);
    }
}
