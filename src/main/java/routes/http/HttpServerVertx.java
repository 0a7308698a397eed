package routes.http;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.impl.VertxInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Vert.x instance the embedded HTTP server runs on, created by the gateway for two things platform-http does
 * not offer:
 * <ul>
 * <li>each HTTP server's options get the gateway's additions (the WebSocket limits and subprotocols) and each
 * server its set-up before it listens (Vert.x reads a server's invalid-request handler when it
 * starts listening, and platform-http creates and starts its server in one step);</li>
 * <li>the server is served by {@code eventLoops} event loops instead of one (DESIGN.md fact 21): once it listens,
 * as many more servers with the same options and request handler (the same router) listen on the same port, each
 * from an event loop of its own, and Vert.x hands new connections to them in turn.</li>
 * </ul>
 * Everything else is the plain Vert.x instance.
 */
final class HttpServerVertx {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServerVertx.class);

    private HttpServerVertx() {
    }

    static Vertx create(VertxOptions options, int eventLoops, Consumer<HttpServerOptions> completeOptions,
                        Consumer<HttpServer> beforeListen) {
        Vertx real = Vertx.vertx(options);
        return (Vertx) Proxy.newProxyInstance(HttpServerVertx.class.getClassLoader(),
                new Class<?>[] {VertxInternal.class}, (proxy, method, args) -> {
                    if (method.getName().equals("createHttpServer")) {
                        HttpServerOptions given = args != null && args.length == 1
                                && args[0] instanceof HttpServerOptions o ? o : new HttpServerOptions();
                        completeOptions.accept(given);
                        method = Vertx.class.getMethod("createHttpServer", HttpServerOptions.class);
                        args = new Object[] {given};
                    }
                    Object result = invoke(real, method, args);
                    if (result instanceof HttpServer server && method.getName().equals("createHttpServer")) {
                        beforeListen.accept(server);
                        HttpServerOptions serverOptions = args != null && args.length == 1
                                && args[0] instanceof HttpServerOptions given ? given : new HttpServerOptions();
                        return eventLoops > 1 ? shared(real, server, serverOptions, eventLoops, beforeListen) : server;
                    }
                    return result;
                });
    }

    /** The server platform-http listens with; once it listens, {@code eventLoops - 1} more join it on its port. */
    private static HttpServer shared(Vertx vertx, HttpServer server, HttpServerOptions options, int eventLoops,
                                     Consumer<HttpServer> beforeListen) {
        Handler<HttpServerRequest>[] handler = newHandlerSlot();
        String[] host = {options.getHost()};
        return (HttpServer) Proxy.newProxyInstance(HttpServerVertx.class.getClassLoader(),
                new Class<?>[] {HttpServer.class}, (proxy, method, args) -> {
                    if (method.getName().equals("requestHandler") && args != null && args.length == 1) {
                        handler[0] = cast(args[0]);
                    }
                    if (method.getName().equals("listen") && args != null && args.length > 1 && args[1] instanceof String given) {
                        host[0] = given;
                    }
                    Runnable joinOthers = () -> {
                        for (int i = 1; i < eventLoops; i++) {
                            listenOnOwnLoop(vertx, options, handler[0], host[0], server.actualPort(), beforeListen);
                        }
                    };
                    if (method.getName().equals("listen") && args != null
                            && args[args.length - 1] instanceof Handler<?> listened) {
                        Handler<AsyncResult<HttpServer>> original = cast(listened);
                        args[args.length - 1] = (Handler<AsyncResult<HttpServer>>) done -> {
                            if (done.succeeded()) {
                                joinOthers.run();
                            }
                            original.handle(done);
                        };
                    }
                    Object result = invoke(server, method, args);
                    if (method.getName().equals("listen") && result instanceof Future<?> future) {
                        future.onSuccess(ignored -> joinOthers.run());
                    }
                    return result == server ? proxy : result;
                });
    }

    private static void listenOnOwnLoop(Vertx vertx, HttpServerOptions options, Handler<HttpServerRequest> handler,
                                        String host, int port, Consumer<HttpServer> beforeListen) {
        ((VertxInternal) vertx).createEventLoopContext().runOnContext(ignored -> {
            HttpServer extra = vertx.createHttpServer(new HttpServerOptions(options));
            beforeListen.accept(extra);
            extra.requestHandler(handler).listen(port, host).onFailure(failure ->
                    LOG.warn("an extra HTTP event loop did not join port {}: {}", port, failure.toString()));
        });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }

    @SuppressWarnings("unchecked")
    private static Handler<HttpServerRequest>[] newHandlerSlot() {
        return (Handler<HttpServerRequest>[]) new Handler<?>[1];
    }
}
