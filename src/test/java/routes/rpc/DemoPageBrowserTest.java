package routes.rpc;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import routes.testing.GatewayApp;
import routes.testing.NodeScript;
import routes.testing.Resources;
import routes.testing.RpcStack;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo page in a real browser: Debian's Chromium (CHROMIUM_BIN, default /usr/bin/chromium; .ci/run installs
 * it) driven by playwright-core (src/test/js/demo-page.js).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoPageBrowserTest {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium"));

    private RpcStack stack;
    private GatewayApp app;

    @BeforeAll
    void start() throws Exception {
        stack = RpcStack.start(new HashMap<>());
        app = stack.app();
    }

    @AfterAll
    void stop() throws Exception {
        Resources.closeAll(stack);
    }

    @Test
    void thePageIsServedAsHtmlOnTheSameOrigin() throws Exception {
        HttpResponse<String> page = app.get("/websocket-demo/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<title>WebSocket bridge demo</title>").contains("location.host + '/websocket'");
    }

    @Test
    void twoPagesSubscribeOnePublishesBothShowTheEvent() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM)).as("Chromium at " + CHROMIUM + " (apt install chromium)").isTrue();
        NodeScript.Run run = NodeScript.run("demo-page.js",
                List.of(app.uri("/websocket-demo/").toString(), CHROMIUM.toString()), 60, line -> { });
        assertThat(run.exitCode()).as(run.lines() + run.errors()).isZero();
        assertThat(String.join("\n", run.lines())).contains("\"step\":\"both_show_the_event\"")
                .contains("\"step\":\"both_show_the_call\"");
    }
}
