package routes.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;

import routes.testing.GatewayApp;
import routes.testing.Load;
import routes.testing.NatsServerProcess;
import routes.testing.Outages;
import routes.testing.Resources;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scale-out on a 3-node NATS cluster (JetStream, stream replicas 3) on loopback: one gateway on node 1, pricers on
 * nodes 2 and 3 in one queue group. Both take a share and every request is answered once; stopping a pricer, then a
 * NATS node, under load costs at most the requests in flight at that moment, and traffic continues on what remains.
 */
class NatsClusterScaleOutTest {

    private static final int CLIENTS = 8;
    private static final long TIMEOUT_MS = 1000;

    @Test
    void pricersShareTheLoadAndSurviveAPricerAndANodeGoingAway() throws Exception {
        List<NatsServerProcess> nodes = cluster();
        GatewayApp gateway = null;
        GatewayApp pricerA = null;
        GatewayApp pricerB = null;
        try {
            awaitJetStream(nodes.get(0));
            Map<String, String> common = Map.of("football.invalid.replicas", "3", "nats.reconnect-wait-ms", "250");
            gateway = GatewayApp.start(nodes.get(0).url(), "gateway", with(common, "football.timeout",
                    String.valueOf(TIMEOUT_MS), "nats.connection-name", "cluster-gateway"));
            pricerA = GatewayApp.start(nodes.get(1).url(), "pricer", with(common, "nats.connection-name", "pricer-a"));
            pricerB = GatewayApp.start(nodes.get(2).url(), "pricer", with(common, "nats.connection-name", "pricer-b"));
            AtomicInteger ids = new AtomicInteger();

            // 1. both pricers share, each request answered once
            List<Load.Answer> shared = run(gateway, ids, 3000, null);
            assertThat(shared).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
            int byA = pricerA.pricedOrRefused();
            int byB = pricerB.pricedOrRefused();
            assertThat(byA).as("pricer A's share").isPositive();
            assertThat(byB).as("pricer B's share").isPositive();
            assertThat(byA + byB).as("each request answered once").isEqualTo(shared.size());

            // 2. pricer A stops (as a pod does: SIGTERM, drain) in the middle of the load
            GatewayApp leaving = pricerA;
            pricerA = null;
            List<Load.Answer> pricerGone = run(gateway, ids, 3000, leaving::close);
            long lostToPricer = pricerGone.stream().filter(a -> a.status() != 200).count();
            assertThat(lostToPricer).as("lost when a pricer stops").isLessThanOrEqualTo(CLIENTS);
            Outages.assertAnsweredInTime(pricerGone, TIMEOUT_MS);

            // 3. a replacement pricer on node 2, then node 3 (pricer B's) dies in the middle of the load
            pricerA = GatewayApp.start(nodes.get(1).url(), "pricer", with(common, "nats.connection-name", "pricer-a2"));
            NatsServerProcess dying = nodes.get(2);
            List<Load.Answer> nodeGone = run(gateway, ids, 4000, () -> {
                try {
                    dying.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            long lostToNode = nodeGone.stream().filter(a -> a.status() != 200).count();
            assertThat(lostToNode).as("lost when a NATS node dies").isLessThanOrEqualTo(CLIENTS);
            Outages.assertAnsweredInTime(nodeGone, TIMEOUT_MS);
            List<Load.Answer> last = nodeGone.subList(nodeGone.size() - 50, nodeGone.size());
            assertThat(last).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));

            // invalid records still kept by the replicated stream with one node down
            assertThat(gateway.postJson("{}").statusCode()).isEqualTo(400);
            System.out.printf("[scale-out figures] shared: %d requests, pricer A %d, pricer B %d; pricer stopped: %d "
                    + "answers, %d not 200; node killed: %d answers, %d not 200%n", shared.size(), byA, byB,
                    pricerGone.size(), lostToPricer, nodeGone.size(), lostToNode);
        } finally {
            Resources.closeAll(gateway, pricerA, pricerB);
            for (NatsServerProcess node : nodes) {
                node.close();
            }
        }
    }

    /** Load for {@code millis}; {@code fault} (if any) runs halfway. */
    private static List<Load.Answer> run(GatewayApp gateway, AtomicInteger ids, long millis, ThrowingRunnable fault)
            throws Exception {
        try (Load load = Load.start(gateway.uri("/football"), CLIENTS, 0,
                n -> "{\"game_id\":\"c" + ids.incrementAndGet() + "\",\"home_expected\":1.2,\"away_expected\":0.9}")) {
            Thread.sleep(millis / 2);
            if (fault != null) {
                fault.run();
            }
            Thread.sleep(millis / 2);
            load.close();
            return load.answers();
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static List<NatsServerProcess> cluster() throws Exception {
        int[] clusterPorts = {NatsServerProcess.freePort(), NatsServerProcess.freePort(), NatsServerProcess.freePort()};
        List<NatsServerProcess> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<String> routes = new ArrayList<>();
            for (int j = 0; j < 3; j++) {
                if (j != i) {
                    routes.add("nats://127.0.0.1:" + clusterPorts[j]);
                }
            }
            nodes.add(NatsServerProcess.notStarted("--server_name", "n" + (i + 1), "--cluster_name", "football",
                    "--cluster", "nats://127.0.0.1:" + clusterPorts[i], "--routes", String.join(",", routes)));
        }
        for (NatsServerProcess node : nodes) {
            node.startAgain();
        }
        return nodes;
    }

    private static void awaitJetStream(NatsServerProcess node) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Connection connection = Nats.connect(node.url())) {
            while (true) {
                try {
                    connection.jetStreamManagement().getAccountStatistics();
                    return;
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("JetStream cluster not ready", notYet);
                    }
                    Thread.sleep(250);
                }
            }
        }
    }

    private static Map<String, String> with(Map<String, String> common, String... more) {
        Map<String, String> all = new java.util.HashMap<>(common);
        for (int i = 0; i < more.length; i += 2) {
            all.put(more[i], more[i + 1]);
        }
        return all;
    }
}
