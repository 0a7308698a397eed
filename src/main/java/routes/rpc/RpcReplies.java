package routes.rpc;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import routes.http.ErrorBody;
import routes.http.Json;
import routes.nats.Discovery;
import routes.nats.ReplyToHttp;
import routes.nats.ServiceDiscovery;
import routes.nats.ServiceErrors;

/**
 * How a call's outcome becomes the HTTP answer. A success reply is the method's {@code [args, kwargs]}, passed on
 * as sent; an error reply carries the NATS services error headers, whose code is the HTTP status for a refusal
 * (4xx) or for a store that is down (503), and 502 for any other failure of the method. Nobody serving the name is
 * 404 with what is being served at this moment (NATS service discovery, allowed names only).
 */
public final class RpcReplies implements ReplyToHttp {

    private static final int OK = 200;
    private static final int NOT_FOUND = 404;
    private static final int BAD_GATEWAY = 502;
    private static final int UNAVAILABLE = 503;
    private static final int TIMED_OUT = 504;

    private RpcNames names = RpcNames.allowing("");
    private ServiceDiscovery discovery;

    /** The allowlist, so that a 404 lists only names that may be called. */
    public void setAllow(String patterns) {
        this.names = RpcNames.allowing(patterns);
    }

    public void setDiscovery(ServiceDiscovery discovery) {
        this.discovery = discovery;
    }

    /** The 404 body: what could be called instead. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Unknown(String error, List<String> available) {
    }

    @Override
    public void reply(Exchange exchange) {
        Message message = exchange.getMessage();
        byte[] body = message.getBody(byte[].class);
        String code = message.getHeader(ServiceErrors.CODE, String.class);
        if (code == null) {
            if (isCallResult(body)) {
                answer(exchange, OK, body);
            } else {
                answer(exchange, BAD_GATEWAY, ErrorBody.json(name(exchange) + " answered something that is not [args, kwargs]"));
            }
            return;
        }
        int status = status(code);
        answer(exchange, status, hasError(body) ? body
                : ErrorBody.json(message.getHeader(ServiceErrors.MESSAGE, name(exchange) + " failed", String.class)));
    }

    @Override
    public CompletionStage<Void> noResponders(Exchange exchange) {
        String error = "unknown " + name(exchange);
        if (discovery == null) {
            answer(exchange, NOT_FOUND, Json.bytes(new Unknown(error, List.of())));
            return CompletableFuture.completedFuture(null);
        }
        return discovery.info(exchange.getContext())
                .exceptionally(failure -> List.of())
                .thenAccept(services -> answer(exchange, NOT_FOUND, Json.bytes(new Unknown(error, available(services)))));
    }

    @Override
    public void timedOut(Exchange exchange) {
        answer(exchange, TIMED_OUT, ErrorBody.json(name(exchange) + " timed out"));
    }

    @Override
    public void unavailable(Exchange exchange) {
        answer(exchange, UNAVAILABLE, ErrorBody.json(name(exchange) + " unavailable: NATS cannot be reached, retry later"));
    }

    /** The allowed subjects being served, sorted, each once. */
    List<String> available(List<Discovery.Info> services) {
        return services.stream()
                .flatMap(service -> service.endpoints().stream())
                .map(Discovery.EndpointInfo::subject)
                .filter(subject -> subject != null && names.allows(subject))
                .distinct()
                .sorted()
                .toList();
    }

    /** A refusal keeps its 4xx; a store that is down, or a timeout upstream, keeps its 503/504; anything else is 502. */
    static int status(String code) {
        int status;
        try {
            status = Integer.parseInt(code.trim());
        } catch (NumberFormatException e) {
            return BAD_GATEWAY;
        }
        return (status >= 400 && status <= 499) || status == UNAVAILABLE || status == TIMED_OUT ? status : BAD_GATEWAY;
    }

    private static boolean isCallResult(byte[] body) {
        JsonNode reply = readOrNull(body);
        return reply != null && reply.isArray() && reply.size() == 2 && reply.get(0).isArray() && reply.get(1).isObject();
    }

    private static boolean hasError(byte[] body) {
        JsonNode reply = readOrNull(body);
        return reply != null && reply.isObject() && reply.path("error").isTextual();
    }

    private static JsonNode readOrNull(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return Json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String name(Exchange exchange) {
        return "rpc '" + exchange.getProperty(RpcRequests.NAME, String.class) + "'";
    }

    private static void answer(Exchange exchange, int status, byte[] body) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setBody(body);
    }
}
