package io.flytrap.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.flytrap.helm.ChartRendering.REGISTRY;
import static io.flytrap.helm.ChartRendering.appVersion;
import static io.flytrap.helm.ChartRendering.env;
import static io.flytrap.helm.ChartRendering.hookAnnotation;
import static io.flytrap.helm.ChartRendering.isHook;
import static io.flytrap.helm.ChartRendering.one;
import static io.flytrap.helm.ChartRendering.render;
import static io.flytrap.helm.ChartRendering.renderWithHooks;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema migration Job (a Helm hook) and the functions pods' wait for the schema: an install or upgrade must
 * never run new functions on an old schema, and the Job must be able to start when its hook runs.
 */
class MigrationHookTests {

    @Test
    void shouldMigrateBeforeAnInstallOrUpgradeOnAnExternalDatabaseWithTheFunctionsImageInMigrateOnlyMode(@TempDir Path copy) throws Exception {
        List<HasMetadata> resources = renderWithHooks(HelmChartTests.PRODUCTION, copy);

        assertThat(Manifests.unknownFields(resources)).isEmpty();
        Job job = one(resources, Job.class, "flytrap-migrate");
        assertThat(hookAnnotation(job, "helm.sh/hook")).isEqualTo("pre-install,pre-upgrade");
        assertThat(hookAnnotation(job, "helm.sh/hook-delete-policy"))
                .as("replaced by the next attempt, deleted after success, but never deleted after a failure: its log is the diagnosis")
                .isEqualTo("before-hook-creation,hook-succeeded");
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(4);
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(600L);
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        Container migrate = pod.getContainers().getFirst();
        assertThat(migrate.getImage()).isEqualTo(REGISTRY + "/flytrap-functions:" + appVersion());
        assertThat(env(migrate, "FLYTRAP_MIGRATE_ONLY").getValue()).isEqualTo("true");
        assertThat(env(migrate, "FLYTRAP_DB_URL").getValue()).isEqualTo("jdbc:postgresql://db.internal:5432/flytrap?sslmode=require");
        assertThat(env(migrate, "FLYTRAP_DB_USER").getValue()).isEqualTo("flytrap");
        assertThat(env(migrate, "FLYTRAP_DB_PASSWORD").getValue()).as("the password comes from a Secret").isNull();

        PodSpec functions = one(resources, Deployment.class, "flytrap-functions").getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext()).as("the same pod security as the workloads").isEqualTo(functions.getSecurityContext());
        assertThat(migrate.getSecurityContext()).isEqualTo(functions.getContainers().getFirst().getSecurityContext());
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(migrate.getVolumeMounts()).as("a scratch /tmp on the read-only root file system")
                .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
    }

    @Test
    void shouldNeedNothingThatDoesNotExistYetWhenTheHookRuns(@TempDir Path chartCopy, @TempDir Path otherCopy) throws Exception {
        assertThat(missingWhenHooksRun(renderWithHooks(HelmChartTests.PRODUCTION, chartCopy), "pre-install", Set.of()))
                .as("a pre-install hook sees no ConfigMap, Secret or ServiceAccount of the release: only hooks with a lower weight")
                .isEmpty();
        List<HasMetadata> ownSecret = renderWithHooks(Map.of("database.url", "jdbc:postgresql://db:5432/flytrap",
                "database.existingSecret", "team-db", "database.existingSecretPasswordKey", "pw"), otherCopy);
        assertThat(missingWhenHooksRun(ownSecret, "pre-install", Set.of("Secret/team-db"))).isEmpty();
        assertThat(ownSecret).as("the team's Secret is used; no copy of the password is made").noneMatch(Secret.class::isInstance);
        var password = env(one(ownSecret, Job.class, "flytrap-migrate").getSpec().getTemplate().getSpec().getContainers().getFirst(),
                "FLYTRAP_DB_PASSWORD").getValueFrom().getSecretKeyRef();
        assertThat(password.getName()).isEqualTo("team-db");
        assertThat(password.getKey()).isEqualTo("pw");
    }

    @Test
    void shouldMigrateAfterTheInstallThatCreatesTheTrialDatabaseAndBeAllowedToReachIt(@TempDir Path copy) throws Exception {
        List<HasMetadata> resources = renderWithHooks(Map.of("postgresql.enabled", true, "postgresql.password", "a-trial-password",
                "networkPolicy.enabled", true), copy);

        Job job = one(resources, Job.class, "flytrap-migrate");
        assertThat(hookAnnotation(job, "helm.sh/hook")).as("pre-install would run before the trial PostgreSQL exists")
                .isEqualTo("post-install,pre-upgrade");
        Container migrate = job.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(env(migrate, "FLYTRAP_DB_URL").getValue()).isEqualTo("jdbc:postgresql://flytrap-postgresql:5432/flytrap");
        Secret password = one(resources, Secret.class, "flytrap-migrate");
        assertThat(hookAnnotation(password, "helm.sh/hook")).isEqualTo(hookAnnotation(job, "helm.sh/hook"));
        assertThat(new String(java.util.Base64.getDecoder().decode(password.getData().get("password")))).isEqualTo("a-trial-password");
        assertThat(missingWhenHooksRun(resources, "pre-upgrade", Set.of())).isEmpty();

        Map<String, String> podSelector = one(resources, NetworkPolicy.class, "flytrap-postgresql").getSpec().getIngress()
                .getFirst().getFrom().getFirst().getPodSelector().getMatchLabels();
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).as("the trial database admits the Job's pod")
                .containsAllEntriesOf(podSelector);
    }

    @Test
    void shouldHoldNewFunctionsPodsUntilTheSchemaIsCurrentWithinTheirStartupProbe() throws Exception {
        List<HasMetadata> resources = render(HelmChartTests.PRODUCTION);

        Container functions = one(resources, Deployment.class, "flytrap-functions").getSpec().getTemplate().getSpec()
                .getContainers().getFirst();
        assertThat(env(functions, "FLYTRAP_SCHEMA_WAIT_TIMEOUT").getValue()).isEqualTo("600s");
        assertThat(functions.getEnv()).as("functions pods never migrate: they wait for the Job or the dashboard")
                .noneMatch(variable -> variable.getName().equals("FLYTRAP_MIGRATE") || variable.getName().equals("FLYTRAP_MIGRATE_ONLY"));
        var startup = functions.getStartupProbe();
        assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold())
                .as("the startup probe must not kill a pod that is still allowed to wait for the schema")
                .isGreaterThanOrEqualTo(600 + 300);

        Container longer = one(render(with(HelmChartTests.PRODUCTION, "functions.schemaWaitSeconds", 1200)), Deployment.class,
                "flytrap-functions").getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(longer.getStartupProbe().getPeriodSeconds() * longer.getStartupProbe().getFailureThreshold())
                .isGreaterThanOrEqualTo(1200 + 300);
    }

    @Test
    void shouldLeaveTheJobOutWhenTheTeamMigratesOtherwise(@TempDir Path copy) throws Exception {
        List<HasMetadata> resources = renderWithHooks(with(HelmChartTests.PRODUCTION, "migrations.job.enabled", false), copy);

        assertThat(resources).noneMatch(Job.class::isInstance)
                .noneMatch(resource -> resource.getMetadata().getName().equals("flytrap-migrate"));
    }

    @Test
    void shouldFindEveryReferenceOfTheReleasesWorkloadsInTheRelease() throws Exception {
        List<HasMetadata> resources = render(HelmChartTests.PRODUCTION);
        Set<String> rendered = resources.stream().map(resource -> resource.getKind() + "/" + resource.getMetadata().getName())
                .collect(Collectors.toSet());

        for (HasMetadata workload : resources) {
            PodSpec pod = References.podSpec(workload);
            if (pod != null) {
                assertThat(rendered).as(workload.getMetadata().getName()).containsAll(References.of(pod));
            }
        }
    }

    /**
     * What the hooks of one event refer to that does not exist when they run: nothing of the release at pre-install
     * (everything at post-install and pre-upgrade, though the latter has the previous release's), only hooks of the
     * same event with a lower weight, and what the team made beforehand.
     */
    private static Set<String> missingWhenHooksRun(List<HasMetadata> resources, String event, Set<String> madeBeforehand) {
        List<HasMetadata> hooks = resources.stream().filter(ChartRendering::isHook)
                .filter(hook -> Arrays.asList(hookAnnotation(hook, "helm.sh/hook").split(",")).contains(event)).toList();
        assertThat(hooks).as("hooks on " + event).isNotEmpty();
        Set<String> missing = new java.util.TreeSet<>();
        for (HasMetadata hook : hooks) {
            PodSpec pod = References.podSpec(hook);
            if (pod == null) {
                continue;
            }
            int weight = weight(hook);
            Set<String> available = new java.util.HashSet<>(madeBeforehand);
            hooks.stream().filter(other -> weight(other) < weight)
                    .forEach(other -> available.add(other.getKind() + "/" + other.getMetadata().getName()));
            if (!event.equals("pre-install")) {
                resources.stream().filter(resource -> !isHook(resource))
                        .forEach(resource -> available.add(resource.getKind() + "/" + resource.getMetadata().getName()));
            }
            References.of(pod).stream().filter(reference -> !available.contains(reference))
                    .forEach(reference -> missing.add(hook.getMetadata().getName() + " needs " + reference));
        }
        return missing;
    }

    private static int weight(HasMetadata hook) {
        String weight = hookAnnotation(hook, "helm.sh/hook-weight");
        return weight == null ? 0 : Integer.parseInt(weight);
    }

    private static Map<String, Object> with(Map<String, Object> values, String key, Object value) {
        Map<String, Object> changed = new HashMap<>(values);
        changed.put(key, value);
        return changed;
    }
}
