package io.flytrap.core.users;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Single sign-on with an OpenID Connect provider (docs/sso.md). Off unless an issuer is set. Each setting binds from
 * its environment variable: FLYTRAP_OIDC_ISSUER, FLYTRAP_OIDC_CLIENT_ID, FLYTRAP_OIDC_CLIENT_SECRET, …
 *
 * @param issuer          the provider's issuer URL (its discovery document is read at start-up)
 * @param clientSecret    from the environment only; never logged (see {@link #toString()})
 * @param providerName    shown on the button: "Sign in with …"
 * @param scopes          requested scopes; some providers put groups in a scope of their own
 * @param allowedDomains  e-mail domains (verified e-mail) for which an account is made at first sign-in
 * @param allowedGroups   groups whose members get an account at first sign-in, whatever their domain
 * @param groupsClaim     the claim that lists the user's groups
 * @param adminGroup      members are administrators, others are not; empty: roles are set by hand
 * @param groupProjects   group → project names, as {@code team-a=web,api;team-b=mobile}; empty: memberships by hand
 */
@ConfigurationProperties("flytrap.oidc")
public record OidcProperties(String issuer, String clientId, String clientSecret,
                             @DefaultValue("single sign-on") String providerName,
                             @DefaultValue({"openid", "profile", "email"}) List<String> scopes,
                             @DefaultValue({}) List<String> allowedDomains, @DefaultValue({}) List<String> allowedGroups,
                             @DefaultValue("groups") String groupsClaim, String adminGroup, String groupProjects) {

    public OidcProperties {
        if (enabled(issuer) && (clientId == null || clientId.isBlank())) {
            throw new IllegalArgumentException("flytrap.oidc.client-id (FLYTRAP_OIDC_CLIENT_ID) is required with flytrap.oidc.issuer");
        }
        allowedDomains = lowerCase(allowedDomains);
        allowedGroups = allowedGroups.stream().map(String::strip).filter(group -> !group.isEmpty()).toList();
        parseGroupProjects(groupProjects);
    }

    public boolean enabled() {
        return enabled(issuer);
    }

    private static boolean enabled(String issuer) {
        return issuer != null && !issuer.isBlank();
    }

    boolean managesAdminRole() {
        return adminGroup != null && !adminGroup.isBlank();
    }

    boolean managesMemberships() {
        return groupProjects != null && !groupProjects.isBlank();
    }

    /** The project names a user's groups grant, lower-cased. */
    Set<String> projectsFor(Set<String> groups) {
        Set<String> names = new TreeSet<>();
        parseGroupProjects(groupProjects).forEach((group, projects) -> {
            if (groups.contains(group)) {
                names.addAll(projects);
            }
        });
        return names;
    }

    /** {@code team-a=web,api;team-b=mobile}; a malformed entry stops start-up, naming it. */
    static Map<String, List<String>> parseGroupProjects(String value) {
        Map<String, List<String>> mapping = new LinkedHashMap<>();
        if (value == null || value.isBlank()) {
            return mapping;
        }
        for (String entry : value.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals < 1 || entry.substring(0, equals).isBlank()) {
                throw new IllegalArgumentException("flytrap.oidc.group-projects: '" + entry.strip()
                        + "' is not group=project,project (entries are separated by ';')");
            }
            List<String> projects = new ArrayList<>();
            for (String project : entry.substring(equals + 1).split(",")) {
                if (!project.isBlank()) {
                    projects.add(project.strip().toLowerCase(Locale.ROOT));
                }
            }
            mapping.computeIfAbsent(entry.substring(0, equals).strip(), group -> new ArrayList<>()).addAll(projects);
        }
        return mapping;
    }

    private static List<String> lowerCase(List<String> values) {
        return values.stream().map(value -> value.strip().toLowerCase(Locale.ROOT)).filter(value -> !value.isEmpty()).toList();
    }

    @Override
    public String toString() {
        return "OidcProperties[issuer=" + issuer + ", clientId=" + clientId + ", clientSecret=" + (clientSecret == null ? "unset" : "set") + "]";
    }
}
