package routes.faults;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StreamInfo;
import org.junit.jupiter.api.Test;

import routes.testing.GatewayApp;
import routes.testing.Load;
import routes.testing.NatsServerProcess;
import routes.testing.Resources;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing invalid is lost: after mixed traffic that includes a pricer restart, the JetStream stream holds exactly one
 * record for each 400 answered, and still does after nats-server restarts (file storage).
 */
class InvalidRecordsKeptTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STREAM = "FOOTBALL_INVALID";

    @Test
    void everyAnswered400HasExactlyOneRecordThatSurvivesABrokerRestart() throws Exception {
        NatsServerProcess nats = NatsServerProcess.start();
        GatewayApp gateway = null;
        GatewayApp pricer = null;
        try {
            gateway = GatewayApp.start(nats.url(), "gateway", Map.of("nats.connection-name", "kept-gateway"));
            pricer = GatewayApp.start(nats.url(), "pricer", Map.of("nats.connection-name", "kept-pricer-1"));
            AtomicInteger sequence = new AtomicInteger();
            List<Load.Answer> answers;
            try (Load load = Load.start(gateway.uri("/football"), 4, 2, n -> {
                int id = sequence.incrementAndGet();
                return id % 3 == 0
                        ? "{\"game_id\":\"bad-" + id + "\",\"home_expected\":-1,\"away_expected\":1}"
                        : "{\"game_id\":\"ok-" + id + "\",\"home_expected\":1,\"away_expected\":1}";
            })) {
                Thread.sleep(1500);
                pricer.close();
                pricer = GatewayApp.start(nats.url(), "pricer", Map.of("nats.connection-name", "kept-pricer-2"));
                Thread.sleep(1500);
                load.close();
                answers = load.answers();
            }

            Set<String> answered400 = new HashSet<>();
            for (Load.Answer answer : answers) {
                assertThat(answer.status()).as(answer.body()).isIn(200, 400, 503);
                if (answer.status() == 400) {
                    assertThat(answered400.add(JSON.readTree(answer.body()).path("game_id").asText())).isTrue();
                }
            }
            assertThat(answered400).hasSizeGreaterThan(20);
            assertThat(recordedGameIds(nats)).as("one record per 400 answered").isEqualTo(answered400);

            Resources.closeAll(gateway, pricer);
            gateway = null;
            pricer = null;
            nats.stop();
            nats.startAgain();
            assertThat(recordedGameIds(nats)).as("kept across a nats-server restart").isEqualTo(answered400);
            System.out.printf("[fault figures] invalid records: %d answers, %d answered 400, %d records kept%n",
                    answers.size(), answered400.size(), answered400.size());
        } finally {
            Resources.closeAll(gateway, pricer, nats);
        }
    }

    /** The game_id of every record in the stream; a duplicate record fails the test. */
    private static Set<String> recordedGameIds(NatsServerProcess nats) throws Exception {
        try (Connection admin = Nats.connect(nats.url())) {
            JetStreamManagement jsm = admin.jetStreamManagement();
            StreamInfo info = jsm.getStreamInfo(STREAM);
            Set<String> ids = new HashSet<>();
            for (long seq = info.getStreamState().getFirstSequence(); seq <= info.getStreamState().getLastSequence(); seq++) {
                String gameId = JSON.readTree(jsm.getMessage(STREAM, seq).getData()).path("game_id").asText();
                assertThat(ids.add(gameId)).as("one record for %s", gameId).isTrue();
            }
            assertThat(info.getStreamState().getMsgCount()).isEqualTo(ids.size());
            return ids;
        }
    }
}
