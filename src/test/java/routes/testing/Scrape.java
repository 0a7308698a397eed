package routes.testing;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One Prometheus text-format scrape: series (name plus labels) and their values. */
public final class Scrape {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Map<String, Double> series = new TreeMap<>();

    public static Scrape of(String text) {
        Scrape scrape = new Scrape();
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.find()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            scrape.series.put(key(sample.group(1), labels), Double.parseDouble(sample.group(3)));
        }
        return scrape;
    }

    /** The value of the series with exactly these labels; 0 when absent (a counter not yet incremented). */
    public double value(String name, String... labelPairs) {
        Map<String, String> labels = new TreeMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            labels.put(labelPairs[i], labelPairs[i + 1]);
        }
        return series.getOrDefault(key(name, labels), 0.0);
    }

    /** Names of every metric in the scrape (histogram series under their _bucket/_count/_sum names). */
    public Set<String> names() {
        return series.keySet().stream().map(key -> key.substring(0, key.indexOf('{'))).collect(Collectors.toSet());
    }

    private static String key(String name, Map<String, String> labels) {
        return name + labels;
    }
}
