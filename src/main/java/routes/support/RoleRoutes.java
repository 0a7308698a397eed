package routes.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the route files this process loads from its roles ({@code app.roles}, env {@code ROLES}). Each role's
 * files are listed by the property {@code app.routes.<role>}; {@code app.routes.common} is loaded by every role.
 * The same build thus runs as a gateway, a pricer, or both, by configuration only.
 * <p>
 * With {@code app.routes.dir} (env {@code ROUTES_DIR}) the same file names are read from that directory instead
 * of the jar (operators' edited routes, a mounted ConfigMap), and with {@code app.routes.reload} they are reloaded
 * when a file there changes.
 */
public final class RoleRoutes extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RoleRoutes.class);
    static final String ROLES = "app.roles";
    static final String ROUTES_PREFIX = "app.routes.";
    static final String COMMON = "common";
    static final String ROUTES_DIR = "app.routes.dir";
    static final String ROUTES_RELOAD = "app.routes.reload";

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        Set<String> roles = roles(context.getPropertiesComponent().resolveProperty(ROLES).orElse(""));
        List<String> patterns = new ArrayList<>();
        patterns.add(routesOf(context, COMMON));
        for (String role : roles) {
            patterns.add(routesOf(context, role));
        }
        String include = String.join(",", patterns);
        String dir = context.getPropertiesComponent().resolveProperty(ROUTES_DIR).orElse("").trim();
        if (!dir.isEmpty()) {
            include = fromDirectory(include, dir);
            if (Boolean.parseBoolean(context.getPropertiesComponent().resolveProperty(ROUTES_RELOAD).orElse("false"))) {
                // only this role's files, and only the routes of the edited file are replaced: removing all routes
                // first would lose the templated routes, which Camel 4.17's reload does not create again
                main.configure().setRoutesReloadEnabled(true);
                main.configure().setRoutesReloadDirectory(dir);
                main.configure().setRoutesReloadPattern(fileNames(include));
                main.configure().setRoutesReloadRemoveAllRoutes(false);
                LOG.info("Routes reload when a file in {} changes", dir);
            }
        }
        main.configure().setRoutesIncludePattern(include);
        LOG.info("Roles {}: loading routes {}", roles, include);
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

    static Set<String> roles(String value) {
        Set<String> roles = new LinkedHashSet<>();
        for (String role : value.split(",")) {
            if (!role.isBlank()) {
                roles.add(role.trim());
            }
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException(ROLES + " (env ROLES) is empty: give gateway, pricer, or gateway,pricer");
        }
        return roles;
    }

    private static String routesOf(CamelContext context, String role) {
        return context.getPropertiesComponent().resolveProperty(ROUTES_PREFIX + role)
                .filter(files -> !files.isBlank())
                .orElseThrow(() -> new IllegalArgumentException("unknown role '" + role + "' in " + ROLES
                        + " (env ROLES): no property " + ROUTES_PREFIX + role + " lists its route files"));
    }
}
