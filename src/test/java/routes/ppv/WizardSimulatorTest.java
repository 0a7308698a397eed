package routes.ppv;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulator over real TCP: its answer in each fault mode, and its frame counts. */
class WizardSimulatorTest {

    private static final int READ_TIMEOUT_MS = 2000;
    private final WizardLine wizard = new WizardLine(1, 30);
    private final byte[] frame = wizard.request("012703395c597610", "EV", "262193");
    private WizardSimulator simulator;

    @BeforeEach
    void start() throws IOException {
        simulator = WizardSimulator.start(0);
    }

    @AfterEach
    void stop() throws IOException {
        simulator.close();
    }

    @Test
    void answersHThenTheFramesLineThenTheStatusAndCountsEachFrame() throws IOException {
        assertThat(exchange(frame).reply()).isEqualTo("H016OK\r");
        simulator.status("NO CREDIT");
        assertThat(exchange(wizard.request("0128031c21578752", "UP", null)).reply()).isEqualTo("H008NO CREDIT\r");

        assertThat(simulator.frames()).isEqualTo(2);
        assertThat(simulator.received(frame)).isEqualTo(1);
        assertThat(simulator.received(wizard.request("0128031c21578752", "UP", null))).isEqualTo(1);
        assertThat(simulator.received(wizard.request("0128031c21578752", "EV", "1"))).isZero();
    }

    @Test
    void aFrameSentInPiecesIsOneFrame() throws IOException, InterruptedException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(frame, 0, 5);
            socket.getOutputStream().flush();
            Thread.sleep(50);
            socket.getOutputStream().write(frame, 5, frame.length - 5);
            socket.getOutputStream().flush();
            assertThat(readReply(socket).reply()).isEqualTo("H016OK\r");
        }
        assertThat(simulator.received(frame)).isEqualTo(1);
    }

    @Test
    void slowAnswersAfterItsDelay() throws IOException {
        simulator.fault(WizardSimulator.Fault.SLOW).slowBy(Duration.ofMillis(300));
        long started = System.nanoTime();

        assertThat(exchange(frame).reply()).isEqualTo("H016OK\r");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void silentNeverAnswersButCountsTheFrame() throws IOException {
        simulator.fault(WizardSimulator.Fault.SILENT);

        assertThatThrownBy(() -> exchange(frame)).isInstanceOf(SocketTimeoutException.class);
        assertThat(simulator.received(frame)).isEqualTo(1);
    }

    @Test
    void closesEarlyClosesWithoutAnAnswer() throws IOException {
        simulator.fault(WizardSimulator.Fault.CLOSES_EARLY);

        Exchanged exchanged = exchange(frame);
        assertThat(exchanged.reply()).isEmpty();
        assertThat(exchanged.closed()).isTrue();
        assertThat(simulator.received(frame)).isEqualTo(1);
    }

    @Test
    void garbageAndAWrongLineAreNoReplyToTheFrame() throws IOException {
        simulator.fault(WizardSimulator.Fault.GARBAGE);
        String garbage = exchange(frame).reply();
        assertThat(WizardLine.status(garbage.substring(0, garbage.length() - 1), "016")).isNull();

        simulator.fault(WizardSimulator.Fault.WRONG_LINE);
        String wrongLine = exchange(frame).reply();
        assertThat(wrongLine).isEqualTo("H999OK\r");
        assertThat(WizardLine.status(wrongLine.substring(0, wrongLine.length() - 1), "016")).isNull();
    }

    @Test
    void splitSendsTheRightReplyInSeveralPackets() throws IOException {
        simulator.fault(WizardSimulator.Fault.SPLIT).slowBy(Duration.ofMillis(100));

        Exchanged exchanged = exchange(frame);
        assertThat(exchanged.reply()).isEqualTo("H016OK\r");
        assertThat(exchanged.reads()).as("reads that each returned part of the reply").isGreaterThanOrEqualTo(3);
    }

    private record Exchanged(String reply, int reads, boolean closed) {
    }

    private Exchanged exchange(byte[] request) throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return readReply(socket);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), simulator.port());
        socket.setSoTimeout(READ_TIMEOUT_MS);
        return socket;
    }

    /** Reads up to a CR or the end of the stream, counting the reads that returned data. */
    private static Exchanged readReply(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        List<Integer> reads = new ArrayList<>();
        byte[] buffer = new byte[64];
        int n;
        while ((n = in.read(buffer)) != -1) {
            reply.write(buffer, 0, n);
            reads.add(n);
            if (buffer[n - 1] == '\r') {
                return new Exchanged(reply.toString(StandardCharsets.US_ASCII), reads.size(), false);
            }
        }
        return new Exchanged(reply.toString(StandardCharsets.US_ASCII), reads.size(), true);
    }
}
