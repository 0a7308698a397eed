package routes.rpc;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import routes.nats.Discovery;

import static org.assertj.core.api.Assertions.assertThat;

class RpcRepliesTest {

    @Test
    void errorCodesKeepRefusalsAndOutagesEverythingElseIsABadGateway() {
        assertThat(RpcReplies.status("400")).isEqualTo(400);
        assertThat(RpcReplies.status("404")).isEqualTo(404);
        assertThat(RpcReplies.status(" 409 ")).isEqualTo(409);
        assertThat(RpcReplies.status("503")).isEqualTo(503);
        assertThat(RpcReplies.status("504")).isEqualTo(504);
        assertThat(RpcReplies.status("500")).isEqualTo(502);
        assertThat(RpcReplies.status("200")).isEqualTo(502);
        assertThat(RpcReplies.status("teapot")).isEqualTo(502);
        assertThat(RpcReplies.status("")).isEqualTo(502);
    }

    @Test
    void availableIsWhatIsServedAllowedSortedAndOnce() {
        RpcReplies replies = new RpcReplies();
        replies.setAllow("b.*,a.*");
        List<Discovery.Info> services = List.of(
                info("b", "b.y", "b.x"), info("b", "b.x"), info("a", "a.z"), info("secret", "secret.s"),
                info("inbox", "_INBOX.q"));
        assertThat(replies.available(services)).containsExactly("a.z", "b.x", "b.y");
    }

    @Test
    void servicesAreSummedOverInstances() {
        List<Discovery.Stats> stats = List.of(
                new Discovery.Stats("t", "g", "1", "1.0.0", Map.of(), "now",
                        List.of(new Discovery.EndpointStat("hello", "g.hello", "g.hello", 3, 1, "", 3_000_000, 1_000_000))),
                new Discovery.Stats("t", "g", "2", "1.0.0", Map.of(), "now",
                        List.of(new Discovery.EndpointStat("hello", "g.hello", "g.hello", 1, 0, "", 5_000_000, 5_000_000))),
                new Discovery.Stats("t", "a", "3", "2.0.0", Map.of(), "now", List.of()));

        List<RpcServices.Service> services = RpcServices.summary(stats);

        assertThat(services).extracting(RpcServices.Service::name).containsExactly("a", "g");
        RpcServices.Service g = services.get(1);
        assertThat(g.instances()).isEqualTo(2);
        assertThat(g.endpoints()).singleElement().satisfies(e -> {
            assertThat(e.requests()).isEqualTo(4);
            assertThat(e.errors()).isEqualTo(1);
            assertThat(e.averageMillis()).isEqualTo(2.0);
        });
    }

    private static Discovery.Info info(String name, String... subjects) {
        return new Discovery.Info("t", name, name, "1.0.0", Map.of(), "",
                java.util.Arrays.stream(subjects).map(s -> new Discovery.EndpointInfo("e", s, s, Map.of())).toList());
    }
}
