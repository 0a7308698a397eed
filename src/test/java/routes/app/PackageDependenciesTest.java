package routes.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dependencies run one way (DESIGN.md "Layout"): flows use the shared packages, the connection packages use http's
 * JSON pieces and observe, http uses observe, observe uses none of ours, no package uses a flow, and only app wires
 * everything together. Read from the sources: every {@code routes.<package>.} a class's code names, imported or not.
 */
class PackageDependenciesTest {

    private static final Path MAIN = Path.of("src", "main", "java", "routes");
    private static final Set<String> FLOWS = Set.of("football", "rpc", "ppv");
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "observe", Set.of(),
            "http", Set.of("observe"),
            "nats", Set.of("http", "observe"),
            "jdbc", Set.of("http", "observe"),
            "rabbitmq", Set.of("http", "observe"));
    private static final Set<String> SHARED_FOR_FLOWS = Set.of("http", "nats", "jdbc", "rabbitmq", "observe");
    private static final Pattern USE = Pattern.compile("\\broutes\\.([a-z]+)\\.");
    /** Comments may name what wires a class (routes.app...); only code counts. */
    private static final Pattern COMMENTS = Pattern.compile("(?s)/\\*.*?\\*/|//[^\n]*");

    @Test
    void dependenciesRunOneWay() throws IOException {
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String pkg = MAIN.relativize(file).getName(0).toString();
                String code = COMMENTS.matcher(Files.readString(file)).replaceAll("")
                        .replaceFirst("(?m)^package [^;]+;", "");
                Matcher use = USE.matcher(code);
                while (use.find()) {
                    String used = use.group(1);
                    if (!used.equals(pkg) && !allowed(pkg, used)) {
                        wrong.add(MAIN.relativize(file) + " uses routes." + used);
                    }
                }
            }
        }
        assertThat(wrong).as("package dependencies against the layout").isEmpty();
    }

    @Test
    void everyPackageOfTheLayoutIsKnownHere() throws IOException {
        try (Stream<Path> dirs = Files.list(MAIN)) {
            assertThat(dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()))
                    .allMatch(pkg -> pkg.equals("app") || ALLOWED.containsKey(pkg) || FLOWS.contains(pkg));
        }
    }

    private static boolean allowed(String pkg, String used) {
        if (pkg.equals("app")) {
            return true;
        }
        if (FLOWS.contains(pkg)) {
            return SHARED_FOR_FLOWS.contains(used);
        }
        return ALLOWED.getOrDefault(pkg, Set.of()).contains(used);
    }
}
