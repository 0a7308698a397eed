package routes.http;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.impl.VertxInternal;

/**
 * The Vert.x instance the embedded HTTP server runs on, created by the gateway so that each HTTP server gets its
 * set-up before it listens. Vert.x reads a server's invalid-request handler when it starts listening, and
 * platform-http creates and starts its server in one step, so this is the one place to set it. Everything else is
 * the plain Vert.x instance.
 */
final class HttpServerVertx {

    private HttpServerVertx() {
    }

    static Vertx create(VertxOptions options, Consumer<HttpServer> beforeListen) {
        Vertx real = Vertx.vertx(options);
        return (Vertx) Proxy.newProxyInstance(HttpServerVertx.class.getClassLoader(),
                new Class<?>[] {VertxInternal.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (result instanceof HttpServer server && method.getName().equals("createHttpServer")) {
                        beforeListen.accept(server);
                    }
                    return result;
                });
    }
}
