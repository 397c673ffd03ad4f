package io.flytrap.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.util.Set;
import java.util.TreeSet;

/** What a pod needs to exist before it can start: Secrets, ConfigMaps and a ServiceAccount, as "Kind/name". */
final class References {

    private References() {
    }

    static PodSpec podSpec(HasMetadata workload) {
        return switch (workload) {
            case Deployment deployment -> deployment.getSpec().getTemplate().getSpec();
            case StatefulSet statefulSet -> statefulSet.getSpec().getTemplate().getSpec();
            case Job job -> job.getSpec().getTemplate().getSpec();
            default -> null;
        };
    }

    static Set<String> of(PodSpec pod) {
        Set<String> needed = new TreeSet<>();
        if (pod.getServiceAccountName() != null) {
            needed.add("ServiceAccount/" + pod.getServiceAccountName());
        }
        for (Container container : pod.getContainers()) {
            if (container.getEnvFrom() != null) {
                container.getEnvFrom().forEach(source -> {
                    if (source.getConfigMapRef() != null) {
                        needed.add("ConfigMap/" + source.getConfigMapRef().getName());
                    }
                    if (source.getSecretRef() != null) {
                        needed.add("Secret/" + source.getSecretRef().getName());
                    }
                });
            }
            if (container.getEnv() != null) {
                container.getEnv().stream().filter(env -> env.getValueFrom() != null).forEach(env -> {
                    if (env.getValueFrom().getSecretKeyRef() != null) {
                        needed.add("Secret/" + env.getValueFrom().getSecretKeyRef().getName());
                    }
                    if (env.getValueFrom().getConfigMapKeyRef() != null) {
                        needed.add("ConfigMap/" + env.getValueFrom().getConfigMapKeyRef().getName());
                    }
                });
            }
        }
        if (pod.getVolumes() != null) {
            pod.getVolumes().forEach(volume -> {
                if (volume.getSecret() != null) {
                    needed.add("Secret/" + volume.getSecret().getSecretName());
                }
                if (volume.getConfigMap() != null) {
                    needed.add("ConfigMap/" + volume.getConfigMap().getName());
                }
            });
        }
        return needed;
    }
}
