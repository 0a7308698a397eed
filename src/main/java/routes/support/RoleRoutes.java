package routes.support;

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
 */
public final class RoleRoutes extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RoleRoutes.class);
    static final String ROLES = "app.roles";
    static final String ROUTES_PREFIX = "app.routes.";
    static final String COMMON = "common";

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
        main.configure().setRoutesIncludePattern(include);
        LOG.info("Roles {}: loading routes {}", roles, include);
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
