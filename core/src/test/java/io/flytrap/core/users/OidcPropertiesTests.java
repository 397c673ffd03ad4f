package io.flytrap.core.users;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The single sign-on settings as an operator writes them: environment variables, bound as Spring Boot binds them. */
class OidcPropertiesTests {

    static OidcProperties fromEnvironment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", variables));
        return new Binder(ConfigurationPropertySources.get(environment)).bindOrCreate("flytrap.oidc", OidcProperties.class);
    }

    @Test
    void shouldBindTheDocumentedEnvironmentVariables() {
        OidcProperties settings = fromEnvironment(Map.of(
                "FLYTRAP_OIDC_ISSUER", "https://login.example.com/realms/acme",
                "FLYTRAP_OIDC_CLIENT_ID", "flytrap",
                "FLYTRAP_OIDC_CLIENT_SECRET", "s3cret",
                "FLYTRAP_OIDC_ALLOWED_DOMAINS", "Acme.example, other.example",
                "FLYTRAP_OIDC_GROUPS_CLAIM", "realm_access.roles",
                "FLYTRAP_OIDC_ADMIN_GROUP", "flytrap-admins",
                "FLYTRAP_OIDC_GROUP_PROJECTS", "team-a=web,api;team-b=Mobile"));

        assertThat(settings.enabled()).isTrue();
        assertThat(settings.clientId()).isEqualTo("flytrap");
        assertThat(settings.clientSecret()).isEqualTo("s3cret");
        assertThat(settings.allowedDomains()).containsExactly("acme.example", "other.example");
        assertThat(settings.groupsClaim()).isEqualTo("realm_access.roles");
        assertThat(settings.projectsFor(Set.of("team-a", "team-b"))).containsExactly("api", "mobile", "web");
        assertThat(settings.projectsFor(Set.of("team-c"))).isEmpty();
        assertThat(settings.toString()).as("the secret never reaches a log line").doesNotContain("s3cret");
    }

    @Test
    void shouldBeOffWithDefaultsWhenNothingIsSet() {
        OidcProperties settings = fromEnvironment(Map.of());
        assertThat(settings.enabled()).isFalse();
        assertThat(settings.groupsClaim()).isEqualTo("groups");
        assertThat(settings.scopes()).containsExactly("openid", "profile", "email");
        assertThat(settings.managesMemberships()).isFalse();
    }

    @Test
    void shouldRefuseAMalformedGroupMappingOrAnIssuerWithoutClient() {
        assertThatThrownBy(() -> OidcProperties.parseGroupProjects("team-a:web")).hasMessageContaining("team-a:web");
        assertThatThrownBy(() -> new OidcProperties("https://idp.example", " ", null, "x", List.of("openid"), List.of(),
                List.of(), "groups", null, null)).hasMessageContaining("FLYTRAP_OIDC_CLIENT_ID");
    }
}
