package routes.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import routes.testing.CapturedLogs;
import routes.testing.GatewayApp;
import routes.testing.NatsServerProcess;
import routes.testing.RawHttp;
import routes.testing.Resources;

/** With http.event-loops above one, every event loop serves the port like the first: routes and the JSON errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpEventLoopsTest {

    private static final int LOOPS = 3;
    private static final int CONNECTIONS = 4 * LOOPS;
    private static final int ANSWER_WITHIN_MS = 5000;
    private static final String VALID = "{\"game_id\":\"loops\",\"home_expected\":1.2,\"away_expected\":0.8}";

    private NatsServerProcess nats;
    private GatewayApp app;
    private int port;

    @BeforeAll
    void start() throws Exception {
        nats = NatsServerProcess.start();
        app = GatewayApp.start(nats.url(), "gateway,pricer", Map.of("http.event-loops", String.valueOf(LOOPS)));
        port = app.uri("/").getPort();
    }

    @AfterAll
    void stop() throws Exception {
        Resources.closeAll(app, nats);
    }

    @Test
    void connectionsGoToEveryEventLoopAndEachOneServesTheRoutes() throws Exception {
        for (int i = 0; i < CONNECTIONS; i++) {
            String head = "POST /football HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nConnection: close\r\n"
                    + "Content-Length: " + VALID.length() + "\r\n\r\n";
            RawHttp.Response answer = RawHttp.exchange(port, head.getBytes(StandardCharsets.US_ASCII),
                    out -> out.write(VALID.getBytes(StandardCharsets.US_ASCII)), ANSWER_WITHIN_MS);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).contains("\"game_id\":\"loops\"");
        }
    }

    @Test
    void everyEventLoopAnswersMalformedHttpInJson() throws Exception {
        try (CapturedLogs logs = CapturedLogs.capture()) {
            for (int i = 0; i < CONNECTIONS; i++) {
                RawHttp.Response answer = RawHttp.exchange(port, "NOT-HTTP\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                        out -> { }, ANSWER_WITHIN_MS);
                assertThat(answer.status()).isEqualTo(400);
                assertThat(answer.header("Content-Type")).startsWith("application/json");
                assertThat(answer.body()).contains("\"error\"");
            }
            // the invalid-request handler logs on the event loop that read the request
            Set<String> loops = logs.containing("malformed HTTP").stream().map(CapturedLogs.Line::thread)
                    .collect(Collectors.toSet());
            assertThat(loops).hasSize(LOOPS).allMatch(thread -> thread.startsWith("vert.x-eventloop-thread-"));
        }
    }
}
