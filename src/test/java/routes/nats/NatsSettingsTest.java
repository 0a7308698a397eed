package routes.nats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NatsSettingsTest {

    @Test
    void credentialsInServerUrlsNeverReachLogsOrHealth() {
        NatsSettings settings = new NatsSettings("nats://alice:s3cret@n1:4222, tls://token@n2:4443,nats://n3:4222",
                "gateway", -1, 1000, 2000, 10000);

        assertThat(settings.redactedServers()).isEqualTo("nats://n1:4222, tls://n2:4443,nats://n3:4222");
        assertThat(settings.serverAddresses()).isEqualTo("n1:4222, n2:4443,n3:4222");
        assertThat(settings.toString()).doesNotContain("s3cret").doesNotContain("token@");
    }
}
