package io.flytrap.helm;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.flytrap.helm.ChartRendering.one;
import static io.flytrap.helm.ChartRendering.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Operators' view of an install: both workloads serve /actuator/prometheus and log JSON unless told otherwise, their
 * pods carry Prometheus' scrape annotations, a ServiceMonitor selects both Services (and nothing else) when asked
 * for, and a network policy lets Prometheus' namespace in.
 */
class MetricsAndLogsTests {

    private static Map<String, Object> production(Object... pairs) {
        Map<String, Object> values = new HashMap<>(HelmChartTests.PRODUCTION);
        for (int i = 0; i < pairs.length; i += 2) {
            values.put((String) pairs[i], pairs[i + 1]);
        }
        return values;
    }

    private static Map<String, String> settings(List<HasMetadata> resources) {
        return one(resources, ConfigMap.class, "flytrap-config").getData();
    }

    @Test
    void shouldServeMetricsWithScrapeAnnotationsAndLogJsonByDefault() throws Exception {
        List<HasMetadata> resources = render(HelmChartTests.PRODUCTION);

        assertThat(settings(resources)).containsEntry("FLYTRAP_ACTUATOR_ENDPOINTS", "health,prometheus")
                .containsEntry("FLYTRAP_LOG_FORMAT", "ecs");
        for (String workload : List.of("flytrap-functions", "flytrap-dashboard")) {
            assertThat(one(resources, Deployment.class, workload).getSpec().getTemplate().getMetadata().getAnnotations())
                    .as(workload).containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/path", "/actuator/prometheus").containsEntry("prometheus.io/port", "8080");
        }
        assertThat(resources).as("no ServiceMonitor unless asked: its CRD may not exist")
                .noneMatch(ServiceMonitor.class::isInstance);
    }

    @Test
    void shouldServeNoMetricsAndPlainTextWhenSwitchedOff() throws Exception {
        List<HasMetadata> resources = render(production("metrics.enabled", false, "logFormat", "text",
                "metrics.serviceMonitor.enabled", true));

        assertThat(settings(resources)).containsEntry("FLYTRAP_ACTUATOR_ENDPOINTS", "health")
                .as("empty is text: it overrides the image's ecs").containsEntry("FLYTRAP_LOG_FORMAT", "");
        assertThat(one(resources, Deployment.class, "flytrap-functions").getSpec().getTemplate().getMetadata()
                .getAnnotations()).doesNotContainKey("prometheus.io/scrape");
        assertThat(resources).noneMatch(ServiceMonitor.class::isInstance);
    }

    @Test
    void shouldRenderAServiceMonitorSelectingBothServicesOnly() throws Exception {
        List<HasMetadata> resources = render(production("metrics.serviceMonitor.enabled", true, "metrics.token", "scrape-token",
                "metrics.serviceMonitor.interval", "15s", "metrics.serviceMonitor.labels.release", "kube-prometheus-stack",
                "postgresql.enabled", true, "database.url", "", "postgresql.password", "trial-password"));

        assertThat(Manifests.unknownFields(resources)).isEmpty();
        ServiceMonitor monitor = one(resources, ServiceMonitor.class, "flytrap");
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        assertThat(monitor.getSpec().getNamespaceSelector().getMatchNames()).containsExactly("errors");
        assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies((Endpoint endpoint) -> {
            assertThat(endpoint.getPort()).isEqualTo("http");
            assertThat(endpoint.getPath()).isEqualTo("/actuator/prometheus");
            assertThat(endpoint.getInterval()).isEqualTo("15s");
            assertThat(endpoint.getAuthorization().getType()).isEqualTo("Bearer");
            assertThat(endpoint.getAuthorization().getCredentials().getName()).isEqualTo("flytrap-metrics");
            assertThat(endpoint.getAuthorization().getCredentials().getKey()).isEqualTo("token");
        });
        List<String> selected = resources.stream().filter(Service.class::isInstance).map(Service.class::cast)
                .filter(service -> selects(monitor, service.getMetadata().getLabels()))
                .map(service -> service.getMetadata().getName()).toList();
        assertThat(selected).as("the trial database's Service is no Flytrap metrics endpoint")
                .containsExactlyInAnyOrder("flytrap-functions", "flytrap-dashboard");
    }

    private static EnvVar metricsToken(List<HasMetadata> resources, String workload) {
        return one(resources, Deployment.class, workload).getSpec().getTemplate().getSpec().getContainers().getFirst()
                .getEnv().stream().filter(env -> env.getName().equals("FLYTRAP_METRICS_TOKEN")).findFirst().orElse(null);
    }

    @Test
    void shouldGiveBothWorkloadsTheScrapeTokenFromASecretAndNoneByDefault() throws Exception {
        List<HasMetadata> unset = render(HelmChartTests.PRODUCTION);
        assertThat(metricsToken(unset, "flytrap-functions")).as("no token: every scrape is refused").isNull();
        assertThat(unset).noneMatch(resource -> resource.getMetadata().getName().equals("flytrap-metrics"));

        List<HasMetadata> chartSecret = render(production("metrics.token", "scrape-token"));
        Secret secret = one(chartSecret, Secret.class, "flytrap-metrics");
        assertThat(new String(java.util.Base64.getDecoder().decode(secret.getData().get("token")))).isEqualTo("scrape-token");
        List<HasMetadata> ownSecret = render(production("metrics.existingSecret", "ops-metrics",
                "metrics.existingSecretKey", "bearer"));
        assertThat(ownSecret).noneMatch(resource -> resource.getMetadata().getName().equals("flytrap-metrics"));
        for (String workload : List.of("flytrap-functions", "flytrap-dashboard")) {
            assertThat(metricsToken(chartSecret, workload).getValueFrom().getSecretKeyRef())
                    .satisfies(ref -> assertThat(ref.getName() + "/" + ref.getKey()).isEqualTo("flytrap-metrics/token"));
            assertThat(metricsToken(ownSecret, workload).getValueFrom().getSecretKeyRef())
                    .satisfies(ref -> assertThat(ref.getName() + "/" + ref.getKey()).isEqualTo("ops-metrics/bearer"));
            assertThat(metricsToken(ownSecret, workload).getValue()).as("never the token itself in the pod spec").isNull();
        }
    }

    @Test
    void shouldRefuseAServiceMonitorWithoutAScrapeToken() {
        assertThatThrownBy(() -> render(production("metrics.serviceMonitor.enabled", true)))
                .hasMessageContaining("metrics.token or metrics.existingSecret");
    }

    /** Kubernetes' label selector semantics, for the two forms the chart uses. */
    private static boolean selects(ServiceMonitor monitor, Map<String, String> labels) {
        var selector = monitor.getSpec().getSelector();
        boolean matchLabels = labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
        boolean expressions = selector.getMatchExpressions().stream().allMatch(requirement ->
                requirement.getOperator().equals("In") && requirement.getValues().contains(labels.get(requirement.getKey())));
        return matchLabels && expressions;
    }

    @Test
    void shouldLetPrometheusThroughTheNetworkPolicy() throws Exception {
        List<HasMetadata> resources = render(HelmChartTests.PRODUCTION);

        for (String workload : List.of("flytrap-functions", "flytrap-dashboard")) {
            assertThat(one(resources, NetworkPolicy.class, workload).getSpec().getIngress())
                    .anySatisfy(rule -> assertThat(rule.getFrom()).singleElement().satisfies(peer ->
                            assertThat(peer.getNamespaceSelector().getMatchLabels())
                                    .containsEntry("kubernetes.io/metadata.name", "monitoring")));
        }
        List<HasMetadata> closed = render(production("metrics.prometheusNamespace", ""));
        assertThat(one(closed, NetworkPolicy.class, "flytrap-functions").getSpec().getIngress())
                .as("only the ingress controller").hasSize(1);
    }

    @Test
    void shouldRefuseALogFormatSpringBootDoesNotKnow() {
        assertThatThrownBy(() -> render(production("logFormat", "xml"))).hasMessageContaining("logFormat");
    }
}
