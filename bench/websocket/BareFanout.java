import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;

/**
 * The machine's ceiling for the WebSocket fan-out, for bench/websocket/run to set beside the gateway: the least a
 * bridge can do, written by hand on Vert.x and jnats. One NATS subscription for the whole process (not one per
 * socket, as the contract wants), each message written as it came to every socket from the socket's event loop, no
 * Camel, no parsing, no limits. It answers a socket's first message as the gateway answers a subscribe.
 *   java -cp target/gateway.jar bench/websocket/BareFanout.java PORT NATS_URL SUBJECT
 */
public final class BareFanout {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String subject = args[2];
        List<ServerWebSocket> sockets = new CopyOnWriteArrayList<>();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        vertx.createHttpServer(new HttpServerOptions()).webSocketHandler(socket -> {
            socket.textMessageHandler(first -> {
                sockets.add(socket);
                socket.writeTextMessage("{\"action\":\"subscribed\",\"rpcs\":[\"" + subject + "\"]}");
            });
            socket.closeHandler(closed -> sockets.remove(socket));
        }).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        Connection nats = Nats.connect(args[1]);
        Dispatcher dispatcher = nats.createDispatcher(message -> {
            String frame = "{\"subject\":\"" + subject + "\",\"data\":" + new String(message.getData()) + "}";
            vertx.runOnContext(ignored -> {
                for (ServerWebSocket socket : sockets) {
                    socket.writeTextMessage(frame);
                }
            });
        });
        dispatcher.subscribe(subject);
        nats.flush(java.time.Duration.ofSeconds(5));
        System.out.println("READY");
        Thread.currentThread().join();
    }
}
