package io.flytrap.helm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rendered manifests bound to Kubernetes' own API types (fabric8's model). Binding alone would accept a misspelt
 * field — the model keeps unknown fields in "additionalProperties" — so {@link #unknownFields} walks every object
 * and reports each one it kept: a typo in a template is a failing test, not a field the API server drops.
 */
final class Manifests {

    /** apiVersion/kind → model class; a kind the chart starts to render must be added here, or parsing fails. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/Pod", Pod.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class));

    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());
    private static final ObjectMapper BINDER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private Manifests() {
    }

    static List<HasMetadata> parse(String rendered) throws Exception {
        List<HasMetadata> resources = new ArrayList<>();
        try (var documents = YAML.readerFor(Map.class).<Map<String, Object>>readValues(rendered)) {
            while (documents.hasNext()) {
                Map<String, Object> document = documents.next();
                if (document == null || document.isEmpty()) {
                    continue;
                }
                String key = document.get("apiVersion") + "/" + document.get("kind");
                Class<? extends HasMetadata> type = KINDS.get(key);
                if (type == null) {
                    throw new IllegalStateException("the chart rendered a kind this test does not know: " + key);
                }
                resources.add(BINDER.convertValue(document, type));
            }
        }
        return resources;
    }

    /** Paths of every field the Kubernetes model did not recognise, e.g. "Deployment/x: spec.template.spec.containerz". */
    static List<String> unknownFields(List<HasMetadata> resources) {
        List<String> found = new ArrayList<>();
        for (HasMetadata resource : resources) {
            walk(resource, resource.getKind() + "/" + resource.getMetadata().getName() + ":", found,
                    java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        }
        return found;
    }

    private static void walk(Object node, String path, List<String> found, Set<Object> seen) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", found, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> walk(value, path + "." + key, found, seen));
            return;
        }
        if (!node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        try {
            for (PropertyDescriptor property : Introspector.getBeanInfo(node.getClass(), Object.class).getPropertyDescriptors()) {
                Method getter = property.getReadMethod();
                if (getter == null) {
                    continue;
                }
                Object value = getter.invoke(node);
                if (property.getName().equals("additionalProperties") && value instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(name -> found.add(path + " " + name));
                } else if (!(value instanceof Map<?, ?> labels && isStringMap(labels))) {
                    walk(value, path + " " + property.getName(), found, seen);
                }
            }
        } catch (ReflectiveOperationException | java.beans.IntrospectionException e) {
            throw new IllegalStateException("cannot inspect " + node.getClass(), e);
        }
    }

    /** Labels, annotations, secret data: free-form string maps, where any key is valid. */
    private static boolean isStringMap(Map<?, ?> map) {
        return map.values().stream().allMatch(value -> value instanceof String);
    }
}
