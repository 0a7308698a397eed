package routes.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard (dashboards/gateway.json) as the tests read it: its rows, and the metric names its panels
 * query, by row, so that each flow's test can check its own row against a real scrape of that flow.
 */
public final class Dashboard {

    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");

    private final JsonNode document;

    private Dashboard(JsonNode document) {
        this.document = document;
    }

    public static Dashboard read() throws IOException {
        return new Dashboard(new ObjectMapper().readTree(Path.of("dashboards", "gateway.json").toFile()));
    }

    public JsonNode document() {
        return document;
    }

    public List<String> rows() {
        List<String> rows = new ArrayList<>();
        for (JsonNode panel : document.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                rows.add(panel.path("title").asText());
            }
        }
        return rows;
    }

    /**
     * The metrics queried by the panels under the rows whose title {@code row} accepts (panels follow their row);
     * every panel checked on the way to use the dashboard's data source variable.
     */
    public Set<String> queriedUnder(Predicate<String> row) {
        Set<String> queried = new HashSet<>();
        boolean inRow = false;
        for (JsonNode panel : document.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                inRow = row.test(panel.path("title").asText());
                continue;
            }
            if (!inRow) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                    .isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
                Matcher selector = SELECTOR.matcher(target.path("expr").asText());
                while (selector.find()) {
                    queried.add(selector.group(1));
                }
            }
        }
        return queried;
    }
}
