package io.flytrap.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.flytrap.helm.ChartRendering.CHART;
import static io.flytrap.helm.ChartRendering.REGISTRY;
import static io.flytrap.helm.ChartRendering.appVersion;
import static io.flytrap.helm.ChartRendering.env;
import static io.flytrap.helm.ChartRendering.hookAnnotation;
import static io.flytrap.helm.ChartRendering.one;
import static io.flytrap.helm.ChartRendering.render;
import static io.flytrap.helm.ChartRendering.renderWithHooks;
import static io.flytrap.helm.ChartRendering.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chart under helm/flytrap, through real Helm (helm-java bundles Helm's Go code): {@code helm lint --strict},
 * and {@code helm template} with the value sets a team would use, every manifest bound to the Kubernetes API types.
 * No cluster runs here, so the chart's own {@code helm test} pod is rendered and checked, not run.
 */
class HelmChartTests {


    /** An install on an external PostgreSQL, behind an ingress with TLS, with a first admin and SMTP. */
    static final Map<String, Object> PRODUCTION = Map.ofEntries(
            Map.entry("publicUrl", "https://errors.example.com"),
            Map.entry("database.url", "jdbc:postgresql://db.internal:5432/flytrap?sslmode=require"),
            Map.entry("database.password", "s3cret-database-password"),
            Map.entry("admin.email", "admin@example.com"),
            Map.entry("admin.password", "a-long-admin-password"),
            Map.entry("alerts.smtp.host", "smtp.example.com"),
            Map.entry("alerts.smtp.username", "flytrap"),
            Map.entry("alerts.smtp.password", "smtp-password"),
            Map.entry("ingress.enabled", true),
            Map.entry("ingress.className", "nginx"),
            Map.entry("ingress.dashboardHost", "errors.example.com"),
            Map.entry("ingress.ingestHost", "ingest.errors.example.com"),
            Map.entry("networkPolicy.enabled", true),
            Map.entry("dashboard.replicaCount", 2));

    @Test
    void shouldPassHelmLintStrict() {
        LintResult lint = new Helm(CHART).lint().strict().call();

        assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).noneMatch(message -> message.contains("[WARNING]") || message.contains("[ERROR]"));
    }

    @Test
    void shouldRenderAProductionInstallWhoseEveryFieldIsAKubernetesField() throws Exception {
        List<HasMetadata> resources = render(PRODUCTION);

        assertThat(Manifests.unknownFields(resources)).isEmpty();
        assertThat(resources).extracting(HasMetadata::getKind).containsExactlyInAnyOrder(
                "ServiceAccount", "ConfigMap", "Secret", "Secret", "Secret", "Service", "Service", "Deployment", "Deployment",
                "HorizontalPodAutoscaler", "PodDisruptionBudget", "PodDisruptionBudget", "Ingress", "Ingress",
                "NetworkPolicy", "NetworkPolicy");
        assertThat(resources).as("no trial database in a production install").noneMatch(StatefulSet.class::isInstance);
    }

    @Test
    void shouldRunBothWorkloadsAsNonRootWithProbesOnTheActuatorHealthGroups() throws Exception {
        List<HasMetadata> resources = render(PRODUCTION);

        for (String component : List.of("functions", "dashboard")) {
            Deployment deployment = one(resources, Deployment.class, "flytrap-" + component);
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container container = pod.getContainers().getFirst();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getAutomountServiceAccountToken()).as("Flytrap never calls the Kubernetes API").isFalse();
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(container.getImage()).isEqualTo(REGISTRY + "/flytrap-" + component + ":" + appVersion());
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
            assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
            assertThat(container.getPorts()).singleElement().satisfies(port -> assertThat(port.getContainerPort()).isEqualTo(8080));
            assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(container.getEnvFrom()).singleElement().satisfies(source ->
                    assertThat(source.getConfigMapRef().getName()).isEqualTo("flytrap-config"));
            assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                    .as("a changed setting rolls the pods").containsKey("checksum/config");
            assertThat(container.getEnv()).as("secrets come from Secrets, never as literal values")
                    .filteredOn(variable -> variable.getName().contains("PASSWORD"))
                    .isNotEmpty()
                    .allSatisfy(variable -> {
                        assertThat(variable.getValue()).isNull();
                        assertThat(variable.getValueFrom().getSecretKeyRef()).isNotNull();
                    });
        }
        Container dashboard = one(resources, Deployment.class, "flytrap-dashboard").getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(env(dashboard, "FLYTRAP_WORKER_ENABLED").getValue()).as("the functions pods process events").isEqualTo("false");
        assertThat(env(dashboard, "SPRING_MAIL_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo("flytrap-smtp");
        Map<String, String> settings = one(resources, ConfigMap.class, "flytrap-config").getData();
        assertThat(settings).containsEntry("FLYTRAP_DB_URL", "jdbc:postgresql://db.internal:5432/flytrap?sslmode=require")
                .containsEntry("SPRING_MAIL_HOST", "smtp.example.com")
                .containsEntry("FLYTRAP_INGEST_URL", "https://ingest.errors.example.com")
                .containsEntry("FLYTRAP_PUBLIC_URL", "https://errors.example.com");
        assertThat(settings.keySet()).as("no secret in the ConfigMap").noneMatch(key -> key.contains("PASSWORD"));
        assertThat(settings.values()).doesNotContain("s3cret-database-password", "a-long-admin-password", "smtp-password");
        Secret admin = one(resources, Secret.class, "flytrap-admin");
        assertThat(admin.getData()).containsKeys("email", "password");
    }

    @Test
    void shouldScaleTheFunctionsWithAnAutoscalerAndRouteSdkTrafficToThem() throws Exception {
        List<HasMetadata> resources = render(PRODUCTION);

        Deployment functions = one(resources, Deployment.class, "flytrap-functions");
        assertThat(functions.getSpec().getReplicas()).as("the autoscaler owns the replica count").isNull();
        HorizontalPodAutoscaler autoscaler = one(resources, HorizontalPodAutoscaler.class, "flytrap-functions");
        assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo("flytrap-functions");
        assertThat(autoscaler.getSpec().getMinReplicas()).isEqualTo(2);

        Ingress ingress = one(resources, Ingress.class, "flytrap-ingest");
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls ->
                assertThat(tls.getHosts()).containsExactly("ingest.errors.example.com"));
        assertThat(ingress.getSpec().getRules()).anySatisfy(rule -> {
            assertThat(rule.getHost()).isEqualTo("ingest.errors.example.com");
            assertThat(rule.getHttp().getPaths()).singleElement().satisfies(path ->
                    assertThat(path.getBackend().getService().getName()).isEqualTo("flytrap-functions"));
        });
        assertThat(one(resources, NetworkPolicy.class, "flytrap-dashboard").getSpec().getIngress())
                .as("the ingress controller's rule, and Prometheus' (MetricsAndLogsTests)")
                .hasSize(2).allSatisfy(rule -> assertThat(rule.getFrom()).isNotEmpty());
    }

    @Test
    void shouldAddDisruptionBudgetsOnlyWhereThereIsMoreThanOneReplica() throws Exception {
        List<HasMetadata> single = render(Map.of("database.url", "jdbc:postgresql://db:5432/flytrap",
                "database.existingSecret", "flytrap-db", "functions.autoscaling.enabled", false, "functions.replicaCount", 1));

        assertThat(single).as("a budget on one pod would block every node drain").noneMatch(PodDisruptionBudget.class::isInstance);
        assertThat(single).as("an existing Secret is used, none is made").noneMatch(Secret.class::isInstance);
        assertThat(one(single, Deployment.class, "flytrap-functions").getSpec().getReplicas()).isEqualTo(1);
        assertThat(render(PRODUCTION)).filteredOn(PodDisruptionBudget.class::isInstance).hasSize(2);
    }

    @Test
    void shouldNameSnsTopicsAfterTheReleaseAndLeaveMailUnsetWithoutAnSmtpHost() throws Exception {
        Map<String, String> sns = one(render(Map.of("database.url", "jdbc:postgresql://db:5432/flytrap",
                "database.password", "x", "alerts.email", "sns", "alerts.awsRegion", "eu-west-1")), ConfigMap.class, "flytrap-config").getData();
        assertThat(sns).containsEntry("FLYTRAP_ALERTS_SNS_TOPIC_PREFIX", "flytrap-project-")
                .containsEntry("SPRING_CLOUD_AWS_REGION_STATIC", "eu-west-1")
                .doesNotContainKey("SPRING_MAIL_HOST");

        Map<String, String> noHost = one(render(Map.of("database.url", "jdbc:postgresql://db:5432/flytrap",
                "database.password", "x")), ConfigMap.class, "flytrap-config").getData();
        assertThat(noHost).as("an empty host would still create a mail sender that can only fail")
                .doesNotContainKeys("SPRING_MAIL_HOST", "SPRING_MAIL_PORT", "FLYTRAP_ALERTS_SNS_TOPIC_PREFIX");
        assertThatThrownBy(() -> render(Map.of("database.url", "jdbc:postgresql://db:5432/flytrap",
                "database.password", "x", "alerts.email", "sns"))).hasMessageContaining("alerts.awsRegion is required");
    }

    @Test
    void shouldGiveTheTrialDatabaseAnExistingSecretWhenOneIsNamed() throws Exception {
        List<HasMetadata> resources = render(Map.of("postgresql.enabled", true, "database.existingSecret", "my-db",
                "database.existingSecretPasswordKey", "pw"));

        var password = one(resources, StatefulSet.class, "flytrap-postgresql").getSpec().getTemplate().getSpec()
                .getContainers().getFirst().getEnv().stream().filter(env -> env.getName().equals("POSTGRES_PASSWORD"))
                .findFirst().orElseThrow().getValueFrom().getSecretKeyRef();
        assertThat(password.getName()).isEqualTo("my-db");
        assertThat(password.getKey()).isEqualTo("pw");
        assertThat(resources).as("no Secret the StatefulSet does not use").noneMatch(Secret.class::isInstance);
    }

    @Test
    void shouldLabelTheTrialDatabaseAndKeepItsPasswordInASecret() throws Exception {
        assertThatThrownBy(() -> render(Map.of("postgresql.enabled", true)))
                .as("no default password, not even for a trial").hasMessageContaining("postgresql.password (or database.existingSecret) is required");
        List<HasMetadata> resources = render(Map.of("postgresql.enabled", true, "postgresql.password", "a-trial-password"));

        assertThat(Manifests.unknownFields(resources)).isEmpty();
        StatefulSet postgres = one(resources, StatefulSet.class, "flytrap-postgresql");
        assertThat(postgres.getMetadata().getAnnotations()).containsEntry("flytrap.io/trial-only", "true");
        Secret database = one(resources, Secret.class, "flytrap-database");
        assertThat(new String(java.util.Base64.getDecoder().decode(database.getData().get("password")))).isEqualTo("a-trial-password");
        assertThat(one(resources, ConfigMap.class, "flytrap-config").getData())
                .containsEntry("FLYTRAP_DB_URL", "jdbc:postgresql://flytrap-postgresql:5432/flytrap");
    }

    /** The {@code helm test} pod is a hook, which helm-java's template leaves out: rendered with its hooks kept. */
    @Test
    void shouldRenderTheHelmTestPodAgainstBothReadinessEndpoints(@TempDir Path copy) throws Exception {
        List<HasMetadata> resources = renderWithHooks(PRODUCTION, copy);

        assertThat(Manifests.unknownFields(resources)).isEmpty();
        Pod test = one(resources, Pod.class, "flytrap-test-health");
        assertThat(hookAnnotation(test, "helm.sh/hook")).isEqualTo("test");
        assertThat(test.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(String.join(" ", test.getSpec().getContainers().getFirst().getArgs()))
                .contains("http://flytrap-functions:80/actuator/health/readiness", "http://flytrap-dashboard:80/actuator/health/readiness");
    }

    @Test
    void shouldRefuseValuesThatAreMisspeltOrInvalidAndSayWhich() {
        assertThatThrownBy(() -> render(Map.of("database.url", "jdbc:postgresql://db/flytrap", "database.password", "x",
                "functions.replicas", 3)))
                .as("a misspelt key is refused by values.schema.json, not silently ignored")
                .hasMessageContaining("'replicas' not allowed");
        assertThatThrownBy(() -> render(Map.of("database.url", "jdbc:postgresql://db/flytrap", "database.password", "x",
                "alerts.email", "carrier-pigeon"))).hasMessageContaining("/alerts/email");
        assertThatThrownBy(() -> render(Map.of("database.url", "jdbc:postgresql://db/flytrap", "database.password", "x",
                "admin.email", "a@example.com", "admin.password", "short"))).hasMessageContaining("/admin/password");
        assertThatThrownBy(() -> render(Map.of("database.password", "x")))
                .hasMessageContaining("database.url is required");
        assertThatThrownBy(() -> render(Map.of("database.url", "jdbc:postgresql://db/flytrap")))
                .hasMessageContaining("database.password or database.existingSecret is required");
    }

    @Test
    void shouldReportAFieldKubernetesDoesNotKnow() throws Exception {
        String rendered = template(CHART, PRODUCTION).call().replace("readOnlyRootFilesystem: true", "readOnlyRootFileSystem: true");

        assertThat(Manifests.unknownFields(Manifests.parse(rendered)))
                .as("the check that guards every other test must be able to fail")
                .isNotEmpty().allMatch(path -> path.endsWith("readOnlyRootFileSystem"));
    }

}
