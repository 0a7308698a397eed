package routes.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.serialization.JsonNodeReader;
import com.networknt.schema.utils.JsonNodes;
import org.apache.camel.CamelContext;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * The route check for operators: {@code bin/check-routes [directory]} (default {@code src/main/resources/camel}).
 * <ol>
 * <li>every {@code *.camel.yaml} file is validated against the YAML DSL's JSON schema shipped in camel-yaml-dsl,
 * each problem printed as {@code file:line:column: problem};</li>
 * <li>the files are then loaded as production loads them (every flow in both roles, the directory as
 * {@code ROUTES_DIR}) into a
 * context whose routes are created but never started, so no consumer runs and nothing is sent; a route that cannot
 * be created is printed with its file.</li>
 * </ol>
 * Exit status 0 when every file passes, 1 otherwise.
 */
public final class RouteCheck {

    static final String SCHEMA = "schema/camelYamlDsl.json";
    /** Enough to place a problem; the schema's alternatives (oneOf) can add dozens of variants of the same one. */
    static final int MAX_PROBLEMS_PER_FILE = 5;
    private static final Pattern SOURCE = Pattern.compile("source: file:([^)\\s]+)");

    private RouteCheck() {
    }

    public static void main(String[] args) throws Exception {
        Configurator.setRootLevel(Level.ERROR);
        Path dir = Path.of(args.length > 0 ? args[0] : "src/main/resources/camel");
        List<String> problems = check(dir);
        problems.forEach(System.out::println);
        System.out.println(problems.isEmpty() ? "OK: the routes in " + dir + " are valid and load"
                : problems.size() + " problem(s) in " + dir);
        System.exit(problems.isEmpty() ? 0 : 1);
    }

    /** Every problem found, as lines for people; empty when the directory's routes are valid and load. */
    public static List<String> check(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(file -> file.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        }
        List<String> problems = new ArrayList<>();
        if (files.isEmpty()) {
            problems.add(dir + ": no *.camel.yaml file");
            return problems;
        }
        JsonSchema schema = schema();
        for (Path file : files) {
            problems.addAll(againstSchema(schema, file));
        }
        if (problems.isEmpty()) {
            problems.addAll(load(dir));
        }
        return problems;
    }

    private static JsonSchema schema() throws IOException {
        try (InputStream in = RouteCheck.class.getClassLoader().getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IOException(SCHEMA + " is not on the classpath (camel-yaml-dsl)");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
    }

    static List<String> againstSchema(JsonSchema schema, Path file) throws IOException {
        JsonNode document;
        try {
            document = JsonNodeReader.builder().locationAware().build().readTree(Files.readString(file), InputFormat.YAML);
        } catch (IOException | IllegalArgumentException e) {
            Throwable cause = e;
            while (cause != null && !(cause instanceof JsonProcessingException)) {
                cause = cause.getCause();
            }
            if (cause == null) {
                return List.of(file + ": cannot be read: " + e.getMessage());
            }
            JsonProcessingException yaml = (JsonProcessingException) cause;
            JsonLocation where = yaml.getLocation();
            String problem = yaml.getOriginalMessage().replaceAll("\\s+", " ").trim();
            return List.of(file + ":" + (where == null ? "?" : where.getLineNr() + ":" + where.getColumnNr())
                    + ": not valid YAML: " + problem);
        }
        Set<ValidationMessage> messages = schema.validate(document);
        // the deepest places first: "additional property" at a step says more than "oneOf failed" at the route
        return messages.stream()
                .sorted(Comparator.comparingInt((ValidationMessage m) -> -m.getInstanceLocation().getNameCount())
                        .thenComparing(m -> m.getMessage()))
                .limit(MAX_PROBLEMS_PER_FILE)
                .map(m -> file + ":" + where(m) + ": " + m.getMessage())
                .toList();
    }

    private static String where(ValidationMessage message) {
        JsonLocation location = message.getInstanceNode() == null ? null : JsonNodes.tokenLocationOf(message.getInstanceNode());
        return location == null || location.getLineNr() < 0 ? "?" : location.getLineNr() + ":" + location.getColumnNr();
    }

    /** Every flow application.properties knows (app.routes.<flow>.<role>). */
    private static Set<String> flows() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = RouteCheck.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in == null) {
                throw new IOException("application.properties is not on the classpath");
            }
            properties.load(in);
        }
        return FlowRoutes.knownFlows(properties.stringPropertyNames());
    }

    /** Loads the files with every flow and role into a context that creates the routes and starts none of them. */
    static List<String> load(Path dir) throws IOException {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("app.flows", String.join(",", flows()));
        settings.put("app.roles", String.join(",", FlowRoutes.ROLE_NAMES));
        settings.put("app.routes.dir", dir.toAbsolutePath().toString());
        settings.put("app.routes.reload", "false");
        settings.put("camel.main.auto-startup", "false");
        settings.put("camel.server.host", "127.0.0.1");
        settings.put("camel.server.port", String.valueOf(port));
        settings.put("camel.management.port", String.valueOf(port));
        // nothing listens there: the check never talks to a broker or a database
        settings.put("nats.url", "nats://127.0.0.1:1");
        settings.put("nats.connection-timeout-ms", "200");
        settings.put("db.url", "jdbc:postgresql://127.0.0.1:1/route-check");
        settings.put("db.connection-timeout-ms", "250");
        org.apache.camel.main.Main main = Main.create(settings);
        try {
            main.start();
            return List.of();
        } catch (Exception e) {
            return List.of(describe(dir, e, main.getCamelContext()));
        } finally {
            main.stop();
        }
    }

    private static String describe(Path dir, Throwable failure, CamelContext context) {
        StringBuilder message = new StringBuilder();
        String file = null;
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
            if (t.getMessage() != null && !message.toString().contains(t.getMessage())) {
                message.append(message.length() == 0 ? "" : ": ").append(t.getMessage());
            }
            if (file == null && t instanceof FailedToCreateRouteException route) {
                file = sourceOf(context, route.getRouteId());
            }
        }
        Matcher source = SOURCE.matcher(message);
        if (file == null) {
            file = source.find() ? source.group(1) : dir.toString();
        }
        return file + ": does not load: " + message;
    }

    /** The file a route was loaded from, when Camel kept it. */
    private static String sourceOf(CamelContext context, String routeId) {
        if (routeId == null || context == null) {
            return null;
        }
        RouteDefinition route = ((ModelCamelContext) context).getRouteDefinition(routeId);
        if (route == null || route.getResource() == null || route.getResource().getLocation() == null) {
            return null;
        }
        String location = route.getResource().getLocation();
        return location.startsWith("file:") ? location.substring("file:".length()) : location;
    }
}
