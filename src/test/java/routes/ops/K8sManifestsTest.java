package routes.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Camel K deployment in k8s/: Integrations well formed (API, kind, trait names and fields of Camel K 2.x),
 * probes on the real paths, every setting they give exists in application.properties, the routes they carry are
 * the source files, and kustomize renders it all offline.
 */
class K8sManifestsTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path CAMEL_K = Path.of("k8s", "camel-k");
    private static final Path SOURCES = Path.of("src", "main", "resources", "camel");

    /** Trait names and fields as documented for Camel K 2.x (camel.apache.org/camel-k/next/traits). */
    private static final Map<String, Set<String>> TRAITS = Map.of(
            "container", Set.of("enabled", "auto", "requestCPU", "requestMemory", "limitCPU", "limitMemory", "expose",
                    "port", "portName", "servicePort", "servicePortName", "name", "image", "imagePullPolicy",
                    "runAsUser", "runAsNonRoot", "seccompProfileType", "allowPrivilegeEscalation", "capabilitiesDrop",
                    "capabilitiesAdd"),
            "jvm", Set.of("enabled", "debug", "debugSuspend", "printCommand", "debugAddress", "options", "classpath",
                    "jar", "agents"),
            "health", Set.of("enabled", "livenessProbeEnabled", "livenessScheme", "livenessInitialDelay",
                    "livenessTimeout", "livenessPeriod", "livenessSuccessThreshold", "livenessFailureThreshold",
                    "livenessProbe", "readinessProbeEnabled", "readinessScheme", "readinessInitialDelay",
                    "readinessTimeout", "readinessPeriod", "readinessSuccessThreshold", "readinessFailureThreshold",
                    "readinessProbe", "startupProbeEnabled", "startupScheme", "startupInitialDelay", "startupTimeout",
                    "startupPeriod", "startupSuccessThreshold", "startupFailureThreshold", "startupProbe"),
            "environment", Set.of("enabled", "containerMeta", "httpProxy", "vars"),
            "mount", Set.of("enabled", "configs", "resources", "volumes", "emptyDirs", "hotReload",
                    "scanKameletsImplicitLabelSecrets"),
            "pod", Set.of("enabled"),
            "service", Set.of("enabled", "auto", "nodePort", "type"));

    @Test
    void everyIntegrationIsACamelKIntegrationWithKnownTraitsAndTheRealProbes() throws Exception {
        List<JsonNode> integrations = integrations();
        assertThat(integrations).extracting(i -> i.path("metadata").path("name").asText())
                .containsExactlyInAnyOrder("gateway", "football-worker", "rpc-worker", "ppv-gateway", "ppv-worker");
        for (JsonNode integration : integrations) {
            String name = integration.path("metadata").path("name").asText();
            assertThat(integration.path("apiVersion").asText()).as(name).isEqualTo("camel.apache.org/v1");
            assertThat(integration.path("kind").asText()).as(name).isEqualTo("Integration");
            JsonNode traits = integration.path("spec").path("traits");
            traits.fields().forEachRemaining(trait -> {
                assertThat(TRAITS).as("%s: trait %s", name, trait.getKey()).containsKey(trait.getKey());
                trait.getValue().fieldNames().forEachRemaining(field -> assertThat(TRAITS.get(trait.getKey()))
                        .as("%s: field %s.%s", name, trait.getKey(), field).contains(field));
            });
            assertThat(traits.path("health").path("livenessProbe").asText()).isEqualTo("/observe/health/live");
            // ppv's gateway answers ER997 while RabbitMQ is down (ppv.md): its pods stay in the Service meanwhile
            assertThat(traits.path("health").path("readinessProbe").asText()).as(name)
                    .isEqualTo(name.equals("ppv-gateway") ? "/observe/health/live" : "/observe/health/ready");
            assertThat(traits.path("container").path("image").asText()).isNotBlank();
            assertThat(traits.path("container").path("limitMemory").asText()).isNotBlank();
            assertThat(traits.path("container").path("requestCPU").asText()).isNotBlank();
            assertThat(traits.path("mount").path("resources").toString()).contains("configmap:gateway-routes@/etc/camel/routes");
            assertThat(integration.path("spec").path("template").toString())
                    .contains("\"configMapRef\":{\"name\":\"gateway-config\"}").contains("gateway-nats");
            assertThat(integration.toString()).doesNotContainIgnoringCase("password").doesNotContain("NATS_TOKEN");
        }
    }

    /**
     * One gateway for the NATS flows' HTTP side, one for ppv's (RabbitMQ), one worker Integration per flow; only rpc's
     * needs the database, only the gateways have a Service.
     */
    @Test
    void theGatewaysServeEveryFlowAndEachFlowHasItsWorkers() throws Exception {
        Map<String, List<String>> vars = new java.util.HashMap<>();
        for (JsonNode integration : integrations()) {
            List<String> given = new ArrayList<>();
            integration.path("spec").path("traits").path("environment").path("vars").forEach(v -> given.add(v.asText()));
            vars.put(integration.path("metadata").path("name").asText(), given);
        }
        assertThat(vars.get("gateway")).contains("ROLES=gateway").noneMatch(v -> v.startsWith("FLOWS="));
        assertThat(vars.get("football-worker")).contains("FLOWS=football", "ROLES=worker");
        assertThat(vars.get("rpc-worker")).contains("FLOWS=rpc", "ROLES=worker");
        assertThat(vars.get("ppv-gateway")).contains("FLOWS=ppv", "ROLES=gateway");
        assertThat(vars.get("ppv-worker")).contains("FLOWS=ppv", "ROLES=worker");
        for (JsonNode integration : integrations()) {
            boolean rpc = integration.path("metadata").path("name").asText().equals("rpc-worker");
            assertThat(integration.path("spec").path("template").toString().contains("\"name\":\"rpc-db\""))
                    .as(integration.path("metadata").path("name").asText()).isEqualTo(rpc);
        }
        for (JsonNode integration : integrations()) {
            String name = integration.path("metadata").path("name").asText();
            assertThat(integration.path("spec").path("traits").path("service").path("enabled").asBoolean()).as(name)
                    .isEqualTo(vars.get(name).contains("ROLES=gateway"));
        }
    }

    @Test
    void everySettingTheManifestsGiveExistsInTheApplicationsSettings() throws Exception {
        Set<String> known = new HashSet<>();
        for (String file : List.of("application.properties", "application-prod.properties", "application-dev.properties")) {
            Matcher env = Pattern.compile("\\{\\{env:([A-Z0-9_]+):").matcher(
                    Files.readString(Path.of("src", "main", "resources", file)));
            while (env.find()) {
                known.add(env.group(1));
            }
        }
        // logging starts before application.properties is read: its two settings are in log4j2.properties
        Matcher logging = Pattern.compile("\\$\\{env:([A-Z0-9_]+):-").matcher(
                Files.readString(Path.of("src", "main", "resources", "log4j2.properties")));
        while (logging.find()) {
            known.add(logging.group(1));
        }
        Set<String> given = new TreeSet<>();
        for (String line : Files.readAllLines(CAMEL_K.resolve("gateway.env"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                given.add(line.substring(0, line.indexOf('=')));
            }
        }
        for (JsonNode integration : integrations()) {
            for (JsonNode variable : integration.path("spec").path("traits").path("environment").path("vars")) {
                given.add(variable.asText().substring(0, variable.asText().indexOf('=')));
            }
        }
        assertThat(given).contains("NATS_URL", "ROLES", "ROUTES_DIR");
        assertThat(known).containsAll(given);
    }

    @Test
    void theRoutesTheManifestsCarryAreTheSourceFiles() throws Exception {
        assertThat(names(CAMEL_K.resolve("routes"))).as("run bin/sync-k8s-routes").isEqualTo(names(SOURCES));
        for (String name : names(SOURCES)) {
            assertThat(Files.readString(CAMEL_K.resolve("routes").resolve(name)))
                    .as("k8s/camel-k/routes/%s differs from the source: run bin/sync-k8s-routes", name)
                    .isEqualTo(Files.readString(SOURCES.resolve(name)));
        }
        JsonNode kustomization = YAML.readTree(CAMEL_K.resolve("kustomization.yaml").toFile());
        List<String> generated = new ArrayList<>();
        for (JsonNode generator : kustomization.path("configMapGenerator")) {
            if (generator.path("name").asText().equals("gateway-routes")) {
                generator.path("files").forEach(file -> generated.add(file.asText().replace("routes/", "")));
            }
        }
        assertThat(generated).containsExactlyInAnyOrderElementsOf(names(SOURCES));
    }

    @Test
    void kustomizeRendersEverythingOfflineWithTheSourceRoutesInside() throws Exception {
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", CAMEL_K.toString()).redirectErrorStream(false).start();
        String rendered = new String(kubectl.getInputStream().readAllBytes());
        String errors = new String(kubectl.getErrorStream().readAllBytes());
        assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kubectl.exitValue()).as(errors).isZero();

        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(rendered)) {
            docs.forEachRemaining(documents::add);
        }
        assertThat(documents).extracting(d -> d.path("kind").asText() + "/" + d.path("metadata").path("name").asText())
                .containsExactlyInAnyOrder("ConfigMap/gateway-config", "ConfigMap/gateway-routes",
                        "Integration/gateway", "Integration/football-worker", "Integration/rpc-worker", "Integration/ppv-gateway",
                        "Integration/ppv-worker");
        JsonNode routes = documents.stream().filter(d -> d.path("metadata").path("name").asText().equals("gateway-routes"))
                .findFirst().orElseThrow().path("data");
        for (String name : names(SOURCES)) {
            assertThat(routes.path(name).asText()).as(name).isEqualTo(Files.readString(SOURCES.resolve(name)));
        }
    }

    @Test
    void theNatsValuesMakeAThreeNodeJetStreamCluster() throws Exception {
        JsonNode values = YAML.readTree(Path.of("k8s", "nats", "values.yaml").toFile());
        assertThat(values.path("config").path("cluster").path("enabled").asBoolean()).isTrue();
        assertThat(values.path("config").path("cluster").path("replicas").asInt()).isEqualTo(3);
        assertThat(values.path("config").path("jetstream").path("enabled").asBoolean()).isTrue();
    }

    private static List<JsonNode> integrations() throws IOException {
        List<JsonNode> integrations = new ArrayList<>();
        try (Stream<Path> files = Files.list(CAMEL_K)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("integration-")).sorted().toList()) {
                integrations.add(YAML.readTree(file.toFile()));
            }
        }
        return integrations;
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return new TreeSet<>(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml")).toList());
        }
    }
}
