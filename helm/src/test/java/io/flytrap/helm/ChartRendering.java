package io.flytrap.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Renders helm/flytrap with real Helm (helm-java) for the render tests. */
final class ChartRendering {

    static final Path CHART = Path.of("flytrap").toAbsolutePath();
    /** Required: no images are published, so the chart has no registry of its own (deploy-checks tests the refusal). */
    static final String REGISTRY = "registry.example.com/flytrap";
    /** Where {@link #renderWithHooks} moves Helm's hook annotations, so they survive rendering. */
    static final String HOOK_STAND_IN = "test.flytrap.io/hook";

    private ChartRendering() {
    }

    static List<HasMetadata> render(Map<String, Object> values) throws Exception {
        return render(CHART, values);
    }

    /**
     * helm-java's template leaves hooks out (as {@code helm install} keeps them apart from the release's manifest):
     * this renders a copy of the chart whose {@code helm.sh/hook*} annotations are renamed to {@link #HOOK_STAND_IN}*,
     * so hook resources come out as ordinary ones and still carry their hook, weight and delete policy.
     */
    static List<HasMetadata> renderWithHooks(Map<String, Object> values, Path copy) throws Exception {
        try (var files = Files.walk(CHART)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(CHART.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.writeString(target, Files.readString(file).replace("helm.sh/hook", HOOK_STAND_IN));
                }
            }
        }
        return render(copy, values);
    }

    /** A hook annotation of a resource rendered by {@link #renderWithHooks}, by its real name (e.g. helm.sh/hook-weight). */
    static String hookAnnotation(HasMetadata resource, String name) {
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(name.replace("helm.sh/hook", HOOK_STAND_IN));
    }

    static boolean isHook(HasMetadata resource) {
        return hookAnnotation(resource, "helm.sh/hook") != null;
    }

    private static List<HasMetadata> render(Path chart, Map<String, Object> values) throws Exception {
        return Manifests.parse(template(chart, values).call());
    }

    /** {@code helm template} of a chart (this one or a changed copy) with the registry every install must name. */
    static TemplateCommand template(Path chart, Map<String, Object> values) {
        TemplateCommand template = new Helm(chart).template().withName("flytrap").withNamespace("errors")
                .withKubeVersion("1.31.0").set("image.registry", REGISTRY);
        values.forEach(template::set);
        return template;
    }

    static <T extends HasMetadata> T one(List<HasMetadata> resources, Class<T> type, String name) {
        return resources.stream().filter(type::isInstance).map(type::cast)
                .filter(resource -> resource.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(env -> env.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no " + name));
    }

    static String appVersion() {
        try {
            return Files.readAllLines(CHART.resolve("Chart.yaml")).stream()
                    .filter(line -> line.startsWith("appVersion:")).findFirst().orElseThrow()
                    .substring("appVersion:".length()).strip().replace("\"", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of the repository around the chart, e.g. the application settings whose limits the chart mirrors. */
    static String repositoryFile(String path) {
        try {
            return Files.readString(Path.of("..").resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
