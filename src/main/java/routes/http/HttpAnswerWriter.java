package routes.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.MessageHelper;
import org.apache.camel.support.http.HttpUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what a route left as the HTTP answer, as platform-http does (same status rules, same header filter), in
 * one write: the body as it is, without the stream platform-http 4.17 pumps every {@code byte[]} through. A route
 * that ended with an exception nobody handled answers 500 in JSON (the router's error handler), never a stack
 * trace. Only {@link GatewayHttpEngine} uses it, until platform-http writes asynchronous answers itself.
 */
final class HttpAnswerWriter {

    private static final Logger LOG = LoggerFactory.getLogger(HttpAnswerWriter.class);
    private static final int UNAVAILABLE = 503;
    private static final int FAILED = 500;
    static final String STOPPING = "service unavailable: the gateway is stopping, retry later";

    private HttpAnswerWriter() {
    }

    static Future<Void> write(RoutingContext request, Exchange exchange, HeaderFilterStrategy filter) {
        HttpServerResponse response = request.response();
        if (response.ended()) {
            return Future.succeededFuture();
        }
        Exception failure = exchange.getException();
        if (failure != null) {
            return failed(request, failure);
        }
        Message message = exchange.getMessage();
        Buffer body;
        try {
            body = buffer(exchange, message.getBody());
        } catch (NoTypeConversionAvailableException e) {
            return failed(request, e);
        }
        response.setStatusCode(HttpUtil.determineResponseCode(exchange, body));
        for (Map.Entry<String, Object> header : message.getHeaders().entrySet()) {
            Object value = header.getValue();
            if (value != null && (filter == null
                    || !filter.applyFilterToCamelHeaders(header.getKey(), value, exchange))) {
                putHeader(response, header.getKey(), value);
            }
        }
        String contentType = MessageHelper.getContentType(message);
        if (contentType != null) {
            response.putHeader("Content-Type", contentType);
        }
        return body == null ? response.end() : response.end(body);
    }

    /** The gateway is stopping: new requests get a 503 in JSON at once. */
    static void unavailable(RoutingContext request) {
        request.response().setStatusCode(UNAVAILABLE).putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(ErrorBody.json(STOPPING)));
    }

    private static Future<Void> failed(RoutingContext request, Throwable failure) {
        LOG.error("{} {} failed without an answer, answering {}: {}", request.request().method(),
                request.request().path(), FAILED, failure.toString(), failure);
        request.fail(FAILED, failure);
        return Future.succeededFuture();
    }

    private static Buffer buffer(Exchange exchange, Object body) throws NoTypeConversionAvailableException {
        if (body == null) {
            return null;
        }
        if (body instanceof byte[] bytes) {
            return Buffer.buffer(bytes);
        }
        if (body instanceof Buffer buffer) {
            return buffer;
        }
        if (body instanceof String text) {
            return Buffer.buffer(text.getBytes(StandardCharsets.UTF_8));
        }
        if (body instanceof ByteBuffer bytes) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.duplicate().get(copy);
            return Buffer.buffer(copy);
        }
        return Buffer.buffer(exchange.getContext().getTypeConverter().mandatoryConvertTo(byte[].class, exchange, body));
    }

    private static void putHeader(HttpServerResponse response, String name, Object value) {
        if (value instanceof Iterable<?> values) {
            for (Object each : values) {
                if (each != null) {
                    response.headers().add(name, each.toString());
                }
            }
        } else {
            response.putHeader(name, value.toString());
        }
    }
}
