package io.flytrap.helm;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.flytrap.helm.ChartRendering.one;
import static io.flytrap.helm.ChartRendering.render;
import static io.flytrap.helm.ChartRendering.repositoryFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * More than one dashboard replica only works with sticky sessions (Vaadin keeps each UI in one pod), and the
 * ingress must let Flytrap's own request sizes through instead of answering 413 at ingress-nginx's 1 MB.
 */
class IngressAndSessionTests {

    static final String NGINX = "nginx.ingress.kubernetes.io/";

    @Test
    void shouldKeepEachDashboardUserOnOnePodWithACookieOnTheDashboardHostOnly() throws Exception {
        List<HasMetadata> resources = render(HelmChartTests.PRODUCTION);

        Ingress dashboard = one(resources, Ingress.class, "flytrap");
        assertThat(dashboard.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).isEqualTo("errors.example.com");
            assertThat(rule.getHttp().getPaths().getFirst().getBackend().getService().getName()).isEqualTo("flytrap-dashboard");
        });
        assertThat(dashboard.getMetadata().getAnnotations())
                .containsEntry(NGINX + "affinity", "cookie")
                .containsEntry(NGINX + "affinity-mode", "persistent")
                .containsEntry(NGINX + "session-cookie-name", "flytrap-route")
                .containsEntry(NGINX + "session-cookie-path", "/")
                .containsEntry(NGINX + "session-cookie-secure", "true");
        assertThat(dashboard.getSpec().getTls()).singleElement().satisfies(tls -> assertThat(tls.getHosts()).containsExactly("errors.example.com"));

        Ingress ingest = one(resources, Ingress.class, "flytrap-ingest");
        assertThat(ingest.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).isEqualTo("ingest.errors.example.com");
            assertThat(rule.getHttp().getPaths().getFirst().getBackend().getService().getName()).isEqualTo("flytrap-functions");
        });
        assertThat(ingest.getMetadata().getAnnotations().keySet())
                .as("SDK traffic must not be pinned: any functions pod takes any event, and the autoscaler needs it spread")
                .noneMatch(key -> key.startsWith(NGINX + "affinity") || key.startsWith(NGINX + "session-cookie"));
        assertThat(ingest.getSpec().getTls()).singleElement().satisfies(tls -> assertThat(tls.getHosts()).containsExactly("ingest.errors.example.com"));
    }

    @Test
    void shouldLetFlytrapsOwnLimitsThroughTheIngressInsteadOfNginxsOneMegabyte() throws Exception {
        List<HasMetadata> resources = render(HelmChartTests.PRODUCTION);

        String ingestLimit = megabytes(repositoryFile("core/src/main/java/io/flytrap/core/ingest/IngestProperties.java"),
                "@DefaultValue\\(\"(\\d+)MB\"\\) DataSize maxBodySize");
        String uploadLimit = megabytes(repositoryFile("dashboard-vaadin/src/main/resources/application.properties"),
                "spring\\.servlet\\.multipart\\.max-request-size=(\\d+)MB");
        assertThat(one(resources, Ingress.class, "flytrap-ingest").getMetadata().getAnnotations())
                .as("Sentry envelopes up to flytrap.ingest.max-body-size").containsEntry(NGINX + "proxy-body-size", ingestLimit + "m");
        assertThat(one(resources, Ingress.class, "flytrap").getMetadata().getAnnotations())
                .as("source-map uploads up to the dashboard's multipart limit").containsEntry(NGINX + "proxy-body-size", uploadLimit + "m");
    }

    @Test
    void shouldLeaveAffinityToTheTeamWithAnotherControllerAndLetItsAnnotationsWin() throws Exception {
        Map<String, Object> values = new HashMap<>(HelmChartTests.PRODUCTION);
        values.put("ingress.sessionAffinity", "none");
        values.put("ingress.dashboardAnnotations.traefik\\.ingress\\.kubernetes\\.io/service\\.sticky\\.cookie", "true");
        values.put("ingress.annotations.nginx\\.ingress\\.kubernetes\\.io/proxy-body-size", "100m");
        List<HasMetadata> resources = render(values);

        Map<String, String> dashboard = one(resources, Ingress.class, "flytrap").getMetadata().getAnnotations();
        assertThat(dashboard.keySet()).as("no ingress-nginx affinity when the team chose none").noneMatch(key -> key.startsWith(NGINX + "affinity"));
        assertThat(dashboard).containsEntry("traefik.ingress.kubernetes.io/service.sticky.cookie", "true")
                .containsEntry(NGINX + "proxy-body-size", "100m");
        assertThat(one(resources, Ingress.class, "flytrap-ingest").getMetadata().getAnnotations())
                .containsEntry(NGINX + "proxy-body-size", "100m")
                .doesNotContainKey("traefik.ingress.kubernetes.io/service.sticky.cookie");
    }

    @Test
    void shouldPinClientsToADashboardPodAtTheServiceOnlyWhenAsked() throws Exception {
        Map<String, Object> values = new HashMap<>(HelmChartTests.PRODUCTION);
        values.put("dashboard.sessionAffinity.clientIP", true);
        values.put("dashboard.sessionAffinity.timeoutSeconds", 3600);
        List<HasMetadata> sticky = render(values);

        Service dashboard = one(sticky, Service.class, "flytrap-dashboard");
        assertThat(dashboard.getSpec().getSessionAffinity()).isEqualTo("ClientIP");
        assertThat(dashboard.getSpec().getSessionAffinityConfig().getClientIP().getTimeoutSeconds()).isEqualTo(3600);
        assertThat(one(sticky, Service.class, "flytrap-functions").getSpec().getSessionAffinity())
                .as("ingest is never pinned").isNull();
        assertThat(one(render(HelmChartTests.PRODUCTION), Service.class, "flytrap-dashboard").getSpec().getSessionAffinity())
                .as("off by default: behind an ingress every request comes from the controller's address").isNull();
    }

    @Test
    void shouldRefuseUnknownAffinityModesAndMalformedSizes() {
        assertThatThrownBy(() -> render(Map.of("database.url", "jdbc:postgresql://db/flytrap", "database.password", "x",
                "ingress.sessionAffinity", "haproxy"))).hasMessageContaining("/ingress/sessionAffinity");
        assertThatThrownBy(() -> render(Map.of("database.url", "jdbc:postgresql://db/flytrap", "database.password", "x",
                "ingress.maxBodySize.ingest", "ten megabytes"))).hasMessageContaining("/ingress/maxBodySize/ingest");
        assertThatThrownBy(() -> render(Map.of("database.url", "jdbc:postgresql://db/flytrap", "database.password", "x",
                "migrations.job.backofflimit", 2))).hasMessageContaining("'backofflimit' not allowed");
    }

    private static String megabytes(String source, String regex) {
        Matcher match = Pattern.compile(regex).matcher(source);
        assertThat(match.find()).as("the limit %s is still where the chart's default was taken from", regex).isTrue();
        return match.group(1);
    }
}
