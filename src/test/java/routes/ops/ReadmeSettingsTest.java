package routes.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The README stays true to the settings: every environment variable a setting reads is documented there. */
class ReadmeSettingsTest {

    private static final Pattern SETTING_ENV = Pattern.compile("(?m)^[a-z][^#=\\n]*=.*?\\{\\{env:([A-Z0-9_]+):");
    private static final Pattern LOG_ENV = Pattern.compile("\\$\\{env:([A-Z0-9_]+):-");

    @Test
    void everySettingsEnvironmentVariableIsInTheReadme() throws Exception {
        Set<String> variables = new TreeSet<>();
        for (String file : new String[] {"application.properties", "application-dev.properties",
                "application-prod.properties"}) {
            Matcher env = SETTING_ENV.matcher(Files.readString(Path.of("src", "main", "resources", file)));
            while (env.find()) {
                variables.add(env.group(1));
            }
        }
        Matcher logging = LOG_ENV.matcher(Files.readString(Path.of("src", "main", "resources", "log4j2.properties")));
        while (logging.find()) {
            variables.add(logging.group(1));
        }
        String readme = Files.readString(Path.of("README.md"));

        assertThat(variables).contains("NATS_URL", "FLOWS", "ROLES", "DB_URL", "RPC_ALLOW");
        assertThat(variables).allSatisfy(variable -> assertThat(readme).as(variable).contains("`" + variable + "`"));
    }

    @Test
    void theReadmesCommandsAreTheOnesThatWork() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme).contains("./mvnw -B verify")
                .contains("java -Dcamel.main.profile=dev -cp \"target/gateway.jar:target/dev-lib/*\" routes.app.Main");
        assertThat(Files.readString(Path.of(".ci", "run"))).contains("./mvnw -B verify");
    }
}
