package io.flytrap.helm;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.flytrap.helm.ChartRendering.CHART;
import static io.flytrap.helm.ChartRendering.one;
import static io.flytrap.helm.ChartRendering.render;
import static io.flytrap.helm.ChartRendering.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Flytrap believes X-Forwarded-For/-Proto only from FLYTRAP_TRUSTED_PROXIES (by default from nobody). In a cluster
 * the ingress controller's pods connect to Flytrap's, so the chart trusts the pod networks' private ranges unless
 * told otherwise, and both workloads (dashboard sign-in throttle, ingest's per-address limits) read the same list.
 */
class TrustedProxiesTests {

    @TempDir
    Path directory;

    /** The production values plus a values file (helm-java's set() passes strings, never lists). */
    List<HasMetadata> renderWith(String valuesYaml) throws Exception {
        Path file = Files.writeString(directory.resolve("values-" + System.nanoTime() + ".yaml"), valuesYaml);
        return Manifests.parse(template(CHART, HelmChartTests.PRODUCTION).withValuesFile(file).call());
    }

    static String trustedProxies(List<HasMetadata> resources) {
        return one(resources, ConfigMap.class, "flytrap-config").getData().get("FLYTRAP_TRUSTED_PROXIES");
    }

    @Test
    void shouldTrustThePrivateRangesPodNetworksUseByDefault() throws Exception {
        List<HasMetadata> resources = render(HelmChartTests.PRODUCTION);

        assertThat(trustedProxies(resources)).isEqualTo("10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10,fc00::/7");
        for (String workload : List.of("flytrap-dashboard", "flytrap-functions")) {
            assertThat(one(resources, Deployment.class, workload).getSpec().getTemplate().getSpec().getContainers().getFirst()
                    .getEnvFrom()).as(workload + " reads it").anySatisfy(source ->
                    assertThat(source.getConfigMapRef().getName()).isEqualTo("flytrap-config"));
        }
    }

    @Test
    void shouldTrustOnlyTheRangesATeamNames() throws Exception {
        assertThat(trustedProxies(renderWith("trustedProxies: [10.244.0.0/16, \"fd00:10:244::/56\"]\n")))
                .isEqualTo("10.244.0.0/16,fd00:10:244::/56");
        assertThat(trustedProxies(renderWith("trustedProxies: []\n")))
                .as("clients reaching the Service directly (LoadBalancer, NodePort): nobody may name another client")
                .isEmpty();
    }

    @Test
    void shouldRefuseAnythingButCidrBlocks() {
        // Tomcat reads the list as CIDRs only when an entry has a '/': a bare address would quietly turn it into a regex
        assertThatThrownBy(() -> renderWith("trustedProxies: [10.0.0.7]\n")).hasMessageContaining("/trustedProxies/0");
        assertThatThrownBy(() -> renderWith("trustedProxies: [ingress-nginx/8]\n")).hasMessageContaining("/trustedProxies/0");
    }
}
