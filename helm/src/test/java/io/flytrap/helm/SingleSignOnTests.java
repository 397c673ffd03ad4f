package io.flytrap.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.flytrap.helm.ChartRendering.CHART;
import static io.flytrap.helm.ChartRendering.one;
import static io.flytrap.helm.ChartRendering.render;
import static io.flytrap.helm.ChartRendering.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Single sign-on through the chart's sso values: the dashboard gets the FLYTRAP_OIDC_* settings, the client secret
 * only through a Secret (never a literal value in the pod spec), and nothing at all while no issuer is set.
 */
class SingleSignOnTests {

    @TempDir
    Path directory;

    List<HasMetadata> renderWith(String valuesYaml) throws Exception {
        Path file = Files.writeString(directory.resolve("values-" + System.nanoTime() + ".yaml"), valuesYaml);
        return Manifests.parse(template(CHART, HelmChartTests.PRODUCTION).withValuesFile(file).call());
    }

    static Container dashboard(List<HasMetadata> resources) {
        return one(resources, Deployment.class, "flytrap-dashboard").getSpec().getTemplate().getSpec().getContainers().getFirst();
    }

    static Map<String, EnvVar> env(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, env -> env));
    }

    @Test
    void shouldPassTheFourSsoOnlySettingsWithTheSecretFromASecret() throws Exception {
        List<HasMetadata> resources = renderWith("""
                sso:
                  issuer: https://login.example.com/realms/acme
                  clientId: flytrap
                  clientSecret: s3cret-from-values
                  localLogin: false
                  allowedDomains: acme.example
                  groupProjects: "team-a=web,api;team-b=mobile"
                """);
        Map<String, EnvVar> env = env(dashboard(resources));

        assertThat(env.get("FLYTRAP_OIDC_ISSUER").getValue()).isEqualTo("https://login.example.com/realms/acme");
        assertThat(env.get("FLYTRAP_OIDC_CLIENT_ID").getValue()).isEqualTo("flytrap");
        assertThat(env.get("FLYTRAP_LOCAL_LOGIN").getValue()).isEqualTo("false");
        assertThat(env.get("FLYTRAP_OIDC_ALLOWED_DOMAINS").getValue()).isEqualTo("acme.example");
        assertThat(env.get("FLYTRAP_OIDC_GROUP_PROJECTS").getValue()).isEqualTo("team-a=web,api;team-b=mobile");
        EnvVar secret = env.get("FLYTRAP_OIDC_CLIENT_SECRET");
        assertThat(secret.getValue()).as("never a literal in the pod spec").isNull();
        assertThat(secret.getValueFrom().getSecretKeyRef().getName()).isEqualTo("flytrap-oidc");
        Secret made = one(resources, Secret.class, "flytrap-oidc");
        assertThat(new String(Base64.getDecoder().decode(made.getData().get("client-secret")), StandardCharsets.UTF_8))
                .isEqualTo("s3cret-from-values");
        assertThat(env).as("unset settings stay unset, so the application's defaults apply")
                .doesNotContainKeys("FLYTRAP_OIDC_ADMIN_GROUP", "FLYTRAP_BREAK_GLASS_EMAIL");
    }

    @Test
    void shouldUseAnExistingSecretAndMakeNone() throws Exception {
        List<HasMetadata> resources = renderWith("""
                sso:
                  issuer: https://accounts.google.com
                  clientId: flytrap.apps.googleusercontent.com
                  existingSecret: google-oidc
                  existingSecretKey: secret
                """);
        var reference = env(dashboard(resources)).get("FLYTRAP_OIDC_CLIENT_SECRET").getValueFrom().getSecretKeyRef();
        assertThat(reference.getName()).isEqualTo("google-oidc");
        assertThat(reference.getKey()).isEqualTo("secret");
        assertThat(resources).noneMatch(resource -> resource.getMetadata().getName().equals("flytrap-oidc"));
    }

    @Test
    void shouldLeaveSingleSignOnOffWithoutAnIssuer() throws Exception {
        Map<String, EnvVar> env = env(dashboard(render(HelmChartTests.PRODUCTION)));
        assertThat(env.keySet()).noneMatch(name -> name.startsWith("FLYTRAP_OIDC_"));
        assertThat(env.get("FLYTRAP_LOCAL_LOGIN").getValue()).isEqualTo("true");
    }

    @Test
    void shouldRefuseAnIssuerWithoutClientIdOrThatIsNoUrl() {
        assertThatThrownBy(() -> renderWith("sso:\n  issuer: https://login.example.com\n")).hasMessageContaining("sso.clientId");
        assertThatThrownBy(() -> renderWith("sso:\n  issuer: login.example.com\n  clientId: x\n")).hasMessageContaining("issuer");
    }
}
