package routes.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.nats.client.NKey;
import org.junit.jupiter.api.Test;

import routes.testing.CapturedLogs;
import routes.testing.GatewayApp;
import routes.testing.NatsServerProcess;
import routes.testing.Outages;
import routes.testing.Resources;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each way of authenticating to NATS, and TLS, set by properties against a nats-server that demands it; the secret
 * never shows in logs, health, metrics or the OpenAPI document.
 */
class NatsCredentialsTest {

    @Test
    void userAndPassword() throws Exception {
        String password = "S3cret-pw-" + System.nanoTime();
        try (NatsServerProcess nats = NatsServerProcess.start("--user", "alice", "--pass", password)) {
            assertServesAndHides(nats.url(), Map.of("nats.username", "alice", "nats.password", password), password);
        }
    }

    @Test
    void aWrongPasswordLeavesTheProcessUpButNotReadyAndSaysNothingOfIt() throws Exception {
        String wrong = "Wr0ng-pw-" + System.nanoTime();
        try (NatsServerProcess nats = NatsServerProcess.start("--user", "alice", "--pass", "right-one");
             CapturedLogs logs = CapturedLogs.capture()) {
            GatewayApp app = GatewayApp.start(nats.url(), "gateway,pricer", Map.of(
                    "nats.username", "alice", "nats.password", wrong, "nats.reconnect-wait-ms", "200"));
            try {
                assertThat(app.get("/observe/health/live").statusCode()).isEqualTo(200);
                assertThat(app.get("/observe/health/ready").statusCode()).isEqualTo(503);
                assertThat(app.postJson(Outages.VALID).statusCode()).isEqualTo(503);
                assertThat(logs.containing("Authorization Violation")).isNotEmpty();
                assertThat(logs.containing(wrong)).isEmpty();
                assertThat(app.get("/observe/health/ready").body()).doesNotContain(wrong);
            } finally {
                app.close();
            }
        }
    }

    @Test
    void token() throws Exception {
        String token = "tok-" + System.nanoTime();
        try (NatsServerProcess nats = NatsServerProcess.start("--auth", token)) {
            assertServesAndHides(nats.url(), Map.of("nats.token", token), token);
        }
    }

    @Test
    void nkey() throws Exception {
        NKey user = NKey.createUser(new SecureRandom());
        String seed = new String(user.getSeed());
        Path config = Files.createTempFile("nats-nkey-", ".conf");
        Files.writeString(config, "authorization { users = [ { nkey: " + new String(user.getPublicKey()) + " } ] }\n");
        try (NatsServerProcess nats = NatsServerProcess.start("-c", config.toString())) {
            assertServesAndHides(nats.url(), Map.of("nats.nkey.private-key", seed), seed);
        } finally {
            Files.deleteIfExists(config);
        }
    }

    @Test
    void tlsWithAPrivateTrustStore() throws Exception {
        Path dir = Files.createTempDirectory("nats-tls-");
        String storePassword = "st0re-pw-" + System.nanoTime();
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", "key.pem", "-out", "cert.pem");
        run(dir, "keytool", "-importcert", "-noprompt", "-alias", "nats", "-file", "cert.pem", "-keystore",
                "trust.p12", "-storetype", "PKCS12", "-storepass", storePassword);
        try (NatsServerProcess nats = NatsServerProcess.start("--tls", "--tlscert", dir.resolve("cert.pem").toString(),
                "--tlskey", dir.resolve("key.pem").toString())) {
            assertServesAndHides(nats.url().replace("nats://", "tls://"), Map.of(
                    "nats.tls.truststore-path", dir.resolve("trust.p12").toString(),
                    "nats.tls.truststore-password", storePassword), storePassword);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    private static void assertServesAndHides(String url, Map<String, String> settings, String secret) throws Exception {
        GatewayApp app = null;
        try (CapturedLogs logs = CapturedLogs.capture()) {
            app = GatewayApp.start(url, "gateway,pricer", settings);
            assertThat(app.get("/observe/health/ready").statusCode()).isEqualTo(200);
            assertThat(app.postJson(Outages.VALID).statusCode()).isEqualTo(200);
            for (String path : List.of("/observe/health", "/observe/health/ready", "/observe/metrics", "/openapi.json")) {
                assertThat(app.get(path).body()).as(path).doesNotContain(secret);
            }
            assertThat(logs.containing(secret)).isEmpty();
            assertThat(logs.containing("(auth: ")).isNotEmpty();
        } finally {
            Resources.closeAll(app);
        }
    }

    private static void run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }
}
