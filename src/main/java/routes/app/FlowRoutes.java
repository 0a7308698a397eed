package routes.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the route files this process loads from its flows ({@code app.flows}, env {@code FLOWS}) and roles
 * ({@code app.roles}, env {@code ROLES}: {@code gateway}, {@code worker}, or both). The files of a flow's role are
 * listed by the property {@code app.routes.<flow>.<role>}; {@code app.routes.common} is loaded by every process.
 * A role alias ({@code app.roles.alias.<name>}, e.g. {@code pricer}) names flow roles directly. The same build thus
 * runs every flow's gateway and workers, or any part of them, by configuration only.
 * <p>
 * With {@code app.routes.dir} (env {@code ROUTES_DIR}) the same file names are read from that directory instead
 * of the jar (operators' edited routes, a mounted ConfigMap), and with {@code app.routes.reload} they are reloaded
 * when a file there changes.
 */
final class FlowRoutes extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(FlowRoutes.class);
    static final String FLOWS = "app.flows";
    static final String ROLES = "app.roles";
    static final String ROUTES_PREFIX = "app.routes.";
    static final String ALIAS_PREFIX = "app.roles.alias.";
    static final String COMMON = ROUTES_PREFIX + "common";
    static final String ROUTES_DIR = "app.routes.dir";
    static final String ROUTES_RELOAD = "app.routes.reload";
    static final List<String> ROLE_NAMES = List.of("gateway", "worker");

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        PropertiesComponent properties = context.getPropertiesComponent();
        Set<String> flows = flows(context);
        Set<String> roles = names(properties.resolveProperty(ROLES).orElse(""), ROLES + " (env ROLES)");
        List<String> files = new ArrayList<>();
        files.add(properties.resolveProperty(COMMON).orElseThrow(() -> missing(COMMON)));
        for (String flowRole : flowRoles(properties, flows, roles)) {
            properties.resolveProperty(ROUTES_PREFIX + flowRole).filter(list -> !list.isBlank()).ifPresent(files::add);
        }
        String include = String.join(",", files);
        String dir = properties.resolveProperty(ROUTES_DIR).orElse("").trim();
        if (!dir.isEmpty()) {
            include = fromDirectory(include, dir);
            if (Boolean.parseBoolean(properties.resolveProperty(ROUTES_RELOAD).orElse("false"))) {
                // only this process's files, and only the routes of the edited file are replaced: removing all
                // routes first would lose the templated routes, which Camel 4.17's reload does not create again
                main.configure().setRoutesReloadEnabled(true);
                main.configure().setRoutesReloadDirectory(dir);
                main.configure().setRoutesReloadPattern(fileNames(include));
                main.configure().setRoutesReloadRemoveAllRoutes(false);
                LOG.info("Routes reload when a file in {} changes", dir);
            }
        }
        main.configure().setRoutesIncludePattern(include);
        LOG.info("Flows {} as {}: loading routes {}", flows, roles, include);
    }

    /**
     * "flow.role" for every flow and role asked for, in that order; an alias stands for the flow roles it names, for
     * the flows asked for. Unknown flows and roles stop start-up, named.
     */
    static List<String> flowRoles(PropertiesComponent properties, Set<String> flows, Set<String> roles) {
        Set<String> known = knownFlows(properties.loadPropertiesAsMap(key -> key.startsWith(ROUTES_PREFIX)).keySet()
                .stream().map(Object::toString).toList());
        for (String flow : flows) {
            if (!known.contains(flow)) {
                throw new IllegalArgumentException("unknown flow '" + flow + "' in " + FLOWS + " (env FLOWS): the flows are "
                        + String.join(", ", known));
            }
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String role : roles) {
            if (ROLE_NAMES.contains(role)) {
                flows.forEach(flow -> chosen.add(flow + "." + role));
                continue;
            }
            String alias = properties.resolveProperty(ALIAS_PREFIX + role).orElseThrow(() -> new IllegalArgumentException(
                    "unknown role '" + role + "' in " + ROLES + " (env ROLES): give " + String.join(", ", ROLE_NAMES)
                            + " or an alias (" + ALIAS_PREFIX + "<name>)"));
            for (String flowRole : names(alias, ALIAS_PREFIX + role)) {
                String flow = flowRole.substring(0, Math.max(flowRole.indexOf('.'), 0));
                if (!flows.contains(flow)) {
                    throw new IllegalArgumentException("role '" + role + "' means " + flowRole + ", but " + FLOWS
                            + " (env FLOWS) does not include " + flow);
                }
                chosen.add(flowRole);
            }
        }
        return List.copyOf(chosen);
    }

    /** Flows are those with route files for a role: app.routes.<flow>.gateway or app.routes.<flow>.worker. */
    static Set<String> knownFlows(Iterable<String> propertyKeys) {
        Set<String> flows = new TreeSet<>();
        for (String key : propertyKeys) {
            for (String role : ROLE_NAMES) {
                if (key.startsWith(ROUTES_PREFIX) && key.endsWith("." + role)
                        && key.length() > ROUTES_PREFIX.length() + role.length() + 1) {
                    flows.add(key.substring(ROUTES_PREFIX.length(), key.length() - role.length() - 1));
                }
            }
        }
        return flows;
    }

    static String fileNames(String include) {
        List<String> names = new ArrayList<>();
        for (String file : include.split(",")) {
            names.add(fileName(file));
        }
        return String.join(",", names);
    }

    /** "classpath:camel/x.camel.yaml" or "file:/dir/x.camel.yaml" -> "x.camel.yaml". */
    private static String fileName(String location) {
        String file = location.trim();
        return file.substring(Math.max(file.lastIndexOf('/'), file.indexOf(':')) + 1);
    }

    /** The same file names, read from an operator's directory instead of the jar. */
    static String fromDirectory(String include, String dir) {
        List<String> files = new ArrayList<>();
        for (String file : include.split(",")) {
            files.add("file:" + Path.of(dir).resolve(fileName(file)));
        }
        return String.join(",", files);
    }

    /** Whether this process runs {@code flowRole} ("ppv.gateway"), by its flows, roles and role aliases. */
    static boolean runs(CamelContext context, String flowRole) {
        PropertiesComponent properties = context.getPropertiesComponent();
        Set<String> roles = names(properties.resolveProperty(ROLES).orElse(""), ROLES + " (env ROLES)");
        return flowRoles(properties, flows(context), roles).contains(flowRole);
    }

    /** The flows this process runs ({@code app.flows}). */
    static Set<String> flows(CamelContext context) {
        return names(context.getPropertiesComponent().resolveProperty(FLOWS).orElse(""), FLOWS + " (env FLOWS)");
    }

    /** A comma-separated list of names, without blanks and repeats; an empty one is refused, naming the setting. */
    static Set<String> names(String value, String setting) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : value.split(",")) {
            if (!name.isBlank()) {
                names.add(name.trim());
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(setting + " is empty");
        }
        return names;
    }

    private static IllegalArgumentException missing(String key) {
        return new IllegalArgumentException("missing property " + key + " (application.properties)");
    }
}
