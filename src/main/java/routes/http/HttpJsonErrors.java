package routes.http;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import routes.observe.FlowMetrics;
import routes.observe.LogText;

/**
 * Answers the HTTP layer's own errors (no such path, wrong method, body over the limit, ...) in JSON like every
 * other answer, instead of Vert.x's plain-text pages.
 */
public final class HttpJsonErrors {

    private static final Logger LOG = LoggerFactory.getLogger(HttpJsonErrors.class);

    private static final int METHOD_NOT_ALLOWED = 405;
    private static final int URI_TOO_LONG = 414;
    private static final int HEADERS_TOO_LARGE = 431;
    private static final int MAX_LOGGED_URI_CHARS = 256;
    private static final Pattern PATH_PARAMETER = Pattern.compile(":[A-Za-z][A-Za-z0-9_]*");
    static final Map<Integer, String> MESSAGES = Map.of(
            400, "bad request",
            414, "request URI too long",
            431, "request headers too large",
            404, "not found",
            405, "method not allowed",
            413, "request body too large",
            415, MediaTypes.UNSUPPORTED,
            500, "internal error");

    private HttpJsonErrors() {
    }

    /**
     * The Vert.x instance platform-http will find (bound as {@code vertx}): each HTTP server it creates answers
     * requests that cannot even be decoded in JSON, is served by {@code eventLoops} event loops, and has its
     * options completed by {@code serverOptions} before it is created.
     */
    public static Vertx vertx(VertxOptions options, int eventLoops, Consumer<HttpServerOptions> serverOptions,
                              FlowMetrics metrics) {
        return HttpServerVertx.create(options == null ? new VertxOptions() : options, eventLoops, serverOptions,
                server -> server.invalidRequestHandler(request -> answerInvalid(request, metrics)));
    }

    /** Once the HTTP server has started (its router exists then): JSON answers for the HTTP layer's own errors. */
    public static void install(CamelContext context) {
        for (VertxPlatformHttpRouter router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            Router root = rootRouter(router);
            FlowMetrics metrics = FlowMetrics.of(context);
            MESSAGES.forEach((status, message) -> root.errorHandler(status, rc -> {
                if (status == METHOD_NOT_ALLOWED) {
                    rc.response().putHeader("Allow", allowedMethods(router, rc.normalizedPath()));
                }
                answer(rc, status, message, metrics);
            }));
        }
    }

    /** RFC 9110 wants a 405 to list the methods the path does accept. */
    static String allowedMethods(Router router, String path) {
        return router.getRoutes().stream()
                .filter(route -> route.getPath() != null && route.methods() != null && matches(route.getPath(), path))
                .flatMap(route -> route.methods().stream())
                .map(HttpMethod::name)
                .distinct()
                .sorted()
                .collect(Collectors.joining(", "));
    }

    /** A route's path, literal or with parameters (":service.:method"), against a request's path. */
    static boolean matches(String routePath, String path) {
        if (routePath.indexOf(':') < 0) {
            return routePath.equals(path);
        }
        StringBuilder regex = new StringBuilder();
        Matcher parameter = PATH_PARAMETER.matcher(routePath);
        int at = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(routePath.substring(at, parameter.start()))).append("[^/]+");
            at = parameter.end();
        }
        regex.append(Pattern.quote(routePath.substring(at)));
        return path.matches(regex.toString());
    }

    /**
     * Vert.x calls error handlers of the root router only, and platform-http exposes just the sub-router it mounts
     * under the root. The root is a private field of the server; if a Camel upgrade renames it, the error pages
     * fall back to Vert.x's plain ones and FootballEndToEndTest's 404/405/413/415 tests fail.
     */
    private static Router rootRouter(VertxPlatformHttpRouter router) {
        try {
            Field field = VertxPlatformHttpServer.class.getDeclaredField("router");
            field.setAccessible(true);
            return (Router) field.get(router.getServer());
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot reach the root Vert.x router, HTTP errors of the server itself stay plain text: {}", e.toString());
            return router;
        }
    }

    /**
     * Requests Vert.x could not even decode (malformed request line or headers, lines too long, bad framing) never
     * reach a router; by default they get a plain-text answer or none.
     */
    private static void answerInvalid(HttpServerRequest request, FlowMetrics metrics) {
        Throwable cause = request.decoderResult().cause();
        int status = cause instanceof TooLongHttpLineException ? URI_TOO_LONG
                : cause instanceof TooLongHttpHeaderException ? HEADERS_TOO_LARGE : 400;
        String message = status == 400 ? "bad request: malformed HTTP" : MESSAGES.get(status);
        metrics.httpAnswered(FlowMetrics.NO_FLOW, status, 0);
        LOG.info("request with malformed HTTP answered {} ({}): {}", status, message,
                LogText.quote(String.valueOf(cause), MAX_LOGGED_URI_CHARS));
        HttpServerResponse response = request.response();
        if (response.ended() || response.headWritten()) {
            return;
        }
        response.putHeader("Connection", "close");
        endWithJson(response, status, message).onComplete(done -> request.connection().close());
    }

    static void answer(RoutingContext context, int status, String message, FlowMetrics metrics) {
        HttpServerResponse response = context.response();
        if (response.ended() || response.headWritten()) {
            return;
        }
        String requestId = RequestIds.accept(context.request().getHeader(RequestIds.HEADER));
        metrics.httpAnswered(FlowMetrics.NO_FLOW, status, 0);
        LOG.info("request {} {} {} answered {} ({})", requestId, context.request().method(),
                LogText.quote(context.request().uri(), MAX_LOGGED_URI_CHARS), status, message);
        response.putHeader(RequestIds.HEADER, requestId);
        endWithJson(response, status, message);
    }

    private static io.vertx.core.Future<Void> endWithJson(HttpServerResponse response, int status, String message) {
        return response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(io.vertx.core.buffer.Buffer.buffer(ErrorBody.json(message)));
    }
}
