package routes.app;

import org.apache.camel.CamelContext;

/** Reads a setting that application.properties always defines; its absence is a packaging error, said by name. */
public final class Settings {

    private Settings() {
    }

    public static String required(CamelContext context, String key) {
        return context.getPropertiesComponent().resolveProperty(key)
                .orElseThrow(() -> new IllegalArgumentException("missing property " + key + " (application.properties)"));
    }
}
