package routes.ppv;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for the billing system: a real TCP server on loopback that speaks the wizard's line protocol
 * ({@link WizardLine}), for the dev profile and the tests. It reads each frame up to its CR, counts it (every frame
 * and each distinct frame), and answers {@code H} + the frame's line + the status + CR, or misbehaves as its
 * {@link Fault} says. A frame carries no correlation id: tests tell orders apart by their values.
 */
public final class WizardSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WizardSimulator.class);
    private static final int MAX_FRAME_BYTES = 1024;
    private static final int LINE_END = 4;

    /** How the simulator answers the next frames. */
    public enum Fault {
        /** Answers at once. */
        NONE,
        /** Answers after {@link #slowBy}. */
        SLOW,
        /** Reads the frame and never answers (the connection stays open until the client closes it). */
        SILENT,
        /** Closes the connection once the frame is read, without an answer. */
        CLOSES_EARLY,
        /** Answers a line that is no reply frame. */
        GARBAGE,
        /** Answers a reply frame for another line. */
        WRONG_LINE,
        /** Answers the right reply in three TCP packets, {@link #slowBy} apart (a few ms by default). */
        SPLIT
    }

    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "wizard-simulator");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger frames = new AtomicInteger();
    private final Map<String, AtomicInteger> byFrame = new ConcurrentHashMap<>();
    private volatile Fault fault = Fault.NONE;
    private volatile String status = "OK";
    private volatile Duration delay = Duration.ofMillis(5);

    private WizardSimulator(ServerSocket server) {
        this.server = server;
        connections.execute(this::accept);
    }

    /** Runs on its own (bench/ppv/run): {@code WizardSimulator PORT} answers OK on loopback until killed. */
    public static void main(String[] args) throws IOException, InterruptedException {
        WizardSimulator simulator = start(Integer.parseInt(args[0]));
        LOG.info("billing-line simulator listening on 127.0.0.1:{}", simulator.port());
        Thread.currentThread().join();
    }

    /** Listens on loopback, on {@code port} (0: a free one). */
    public static WizardSimulator start(int port) throws IOException {
        return new WizardSimulator(new ServerSocket(port, 128, InetAddress.getLoopbackAddress()));
    }

    public int port() {
        return server.getLocalPort();
    }

    public WizardSimulator fault(Fault fault) {
        this.fault = fault;
        return this;
    }

    /** The status text of its replies ("OK" unless set). */
    public WizardSimulator status(String status) {
        this.status = status;
        return this;
    }

    /** How long {@link Fault#SLOW} waits before answering, and {@link Fault#SPLIT} between its packets. */
    public WizardSimulator slowBy(Duration delay) {
        this.delay = delay;
        return this;
    }

    /** Frames received so far, all of them. */
    public int frames() {
        return frames.get();
    }

    /** How many times this exact frame (CR included) was received. */
    public int received(byte[] frame) {
        AtomicInteger count = byFrame.get(new String(frame, StandardCharsets.US_ASCII));
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
        connections.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                connections.execute(() -> serve(socket));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("wizard simulator: accept failed: {}", e.getMessage());
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            String frame;
            while ((frame = readFrame(in)) != null) {
                frames.incrementAndGet();
                byFrame.computeIfAbsent(frame, f -> new AtomicInteger()).incrementAndGet();
                if (!answer(frame, out)) {
                    return;
                }
            }
        } catch (SocketException e) {
            // the client closed the connection, or the simulator is closing
        } catch (IOException | InterruptedException e) {
            LOG.warn("wizard simulator: connection failed: {}", e.getMessage());
        } finally {
            open.remove(socket);
        }
    }

    /** Answers as the fault says; false when the connection is to be closed (or left to the client). */
    private boolean answer(String frame, OutputStream out) throws IOException, InterruptedException {
        String line = frame.length() >= LINE_END ? frame.substring(1, LINE_END) : "000";
        String reply = "H" + line + status + WizardLine.CR;
        switch (fault) {
            case NONE -> write(out, reply);
            case SLOW -> {
                Thread.sleep(delay.toMillis());
                write(out, reply);
            }
            case SILENT -> {
                return true;
            }
            case CLOSES_EARLY -> {
                return false;
            }
            case GARBAGE -> write(out, "<html>error</html>" + WizardLine.CR);
            case WRONG_LINE -> write(out, "H" + (line.equals("999") ? "998" : "999") + status + WizardLine.CR);
            case SPLIT -> {
                int third = Math.max(1, reply.length() / 3);
                write(out, reply.substring(0, third));
                Thread.sleep(delay.toMillis());
                write(out, reply.substring(third, 2 * third));
                Thread.sleep(delay.toMillis());
                write(out, reply.substring(2 * third));
            }
        }
        return true;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One frame up to and including its CR; null at the end of the stream (a frame cut short is dropped). */
    private static String readFrame(InputStream in) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            frame.write(b);
            if (b == WizardLine.CR) {
                return frame.toString(StandardCharsets.US_ASCII);
            }
            if (frame.size() > MAX_FRAME_BYTES) {
                throw new IOException("a frame of more than " + MAX_FRAME_BYTES + " bytes without a CR");
            }
        }
        return null;
    }
}
