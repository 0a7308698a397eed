package routes.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy a test owns, in front of a server it must not stop (the machine's PostgreSQL): {@link #cut} closes
 * every connection through it and refuses new ones, as if the server were down; {@link #restore} lets them through
 * again, on the same port.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;
    private volatile boolean closed;

    private TcpProxy(String targetHost, int targetPort, int port) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = port;
    }

    public static TcpProxy start(String targetHost, int targetPort) throws IOException {
        TcpProxy proxy = new TcpProxy(targetHost, targetPort, NatsServerProcess.freePort());
        proxy.restore();
        return proxy;
    }

    public int port() {
        return port;
    }

    /** Accepts connections again (a no-op when it does). */
    public synchronized void restore() throws IOException {
        if (listener != null) {
            return;
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listener = socket;
        Thread acceptor = new Thread(() -> accept(socket), "tcp-proxy-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Closes every connection (the peers see a reset) and stops listening: connects are refused. */
    public synchronized void cut() throws IOException {
        if (listener != null) {
            listener.close();
            listener = null;
        }
        for (Socket socket : open) {
            try {
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (IOException ignored) {
                // already closed by its peer
            }
        }
        open.clear();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        cut();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed() && !closed) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return;
            }
            try {
                Socket server = new Socket(targetHost, targetPort);
                if (!admit(socket, client, server)) {
                    return;
                }
                pipe(client, server);
                pipe(server, client);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    /**
     * Registers a connection accepted by {@code from}, unless a cut came while it was being made (the connect to the
     * target takes a while): then it is closed like every other, or it would live through the outage.
     */
    private synchronized boolean admit(ServerSocket from, Socket client, Socket server) {
        if (listener != from) {
            closeQuietly(client);
            closeQuietly(server);
            return false;
        }
        open.add(client);
        open.add(server);
        return true;
    }

    private void pipe(Socket from, Socket to) {
        Thread copier = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // the connection was cut or closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pipe");
        copier.setDaemon(true);
        copier.start();
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
