package routes.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import routes.app.RouteCheck;
import routes.testing.RouteFiles;

import static org.assertj.core.api.Assertions.assertThat;

/** The operators' route check: schema problems with file and line, YAML errors, routes that cannot be created. */
class RouteCheckTest {

    @TempDir
    Path dir;

    @Test
    void theProjectsRoutesPass() throws Exception {
        assertThat(RouteCheck.check(RouteFiles.SOURCES)).isEmpty();
    }

    @Test
    void aKeyTheDslDoesNotKnowIsReportedWithItsLine() throws Exception {
        RouteFiles.copyTo(dir);
        Path invalid = dir.resolve("football-invalid.camel.yaml");
        List<String> lines = Files.readAllLines(invalid);
        int line = lines.indexOf("    routeTemplateRef: invalid-records") + 1;
        assertThat(line).isPositive();
        Files.writeString(invalid, Files.readString(invalid).replace("    routeTemplateRef: invalid-records",
                "    routeTemplateRex: invalid-records"));

        List<String> problems = RouteCheck.check(dir);

        assertThat(problems).isNotEmpty().allSatisfy(problem -> assertThat(problem).startsWith(invalid + ":" + line + ":"));
        assertThat(problems).anySatisfy(problem -> assertThat(problem).contains("'routeTemplateRex' is not defined in the schema"));
    }

    @Test
    void brokenYamlIsReportedWithItsLine() throws Exception {
        RouteFiles.copyTo(dir);
        Path gateway = dir.resolve("football-gateway.camel.yaml");
        int lines = Files.readAllLines(gateway).size();
        Files.writeString(gateway, Files.readString(gateway) + "- route:\n    id: x\n   from: [\n");

        assertThat(RouteCheck.check(dir)).singleElement().satisfies(problem ->
                assertThat(problem).startsWith(gateway + ":" + (lines + 3) + ":").contains("not valid YAML"));
    }

    @Test
    void aRouteThatCannotBeCreatedIsReportedWithItsFile() throws Exception {
        RouteFiles.copyTo(dir);
        Path invalid = dir.resolve("football-pricer.camel.yaml");
        assertThat(Files.readString(invalid)).contains("uri: direct:football-invalid");
        Files.writeString(invalid, Files.readString(invalid).replace("uri: direct:football-invalid", "uri: nosuch:football-invalid"));

        assertThat(RouteCheck.check(dir)).singleElement().satisfies(problem -> assertThat(problem)
                .startsWith(invalid.toAbsolutePath() + ": does not load").contains("nosuch://football-invalid"));
    }
}
