package io.flytrap.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One source of truth for image names and tags: the build (artifactId and project version, checked against the
 * tarballs Jib wrote in {@link ImageTarballTests}). Compose, the Helm chart as Helm really renders it, the
 * Terraform example and every document must agree with it; the tests after the first prove each disagreement
 * that once shipped would now be reported.
 */
class ImageReferencesTests {

    static final String VERSION = FlytrapImage.version();
    static Map<String, String> files;
    static Set<String> builtFiles;

    @BeforeAll
    static void readTheRepository() throws IOException {
        files = ImageReferences.filesUnder(FlytrapImage.root());
        try (Stream<Path> built = Files.list(FlytrapImage.root().resolve("functions/target"))) {
            builtFiles = built.map(path -> path.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void shouldNameEveryImageAndJarAsTheBuildDoes() {
        assertThat(files).containsKeys("docker-compose.yml", "helm/flytrap/Chart.yaml", "docs/deploy-containers.md",
                "docs/deploy-kubernetes.md", "docs/deploy-aws.md", "terraform/examples/aws/terraform.tfvars.example");
        assertThat(builtFiles).as("the Lambda jar the Terraform example uploads").contains("flytrap-functions-" + VERSION + "-aws.jar");

        assertThat(ImageReferences.problems(files, VERSION, builtFiles)).isEmpty();
    }

    @Test
    void shouldRenderTheChartWithTheBuiltImagesUnderTheGivenRegistry() throws IOException {
        String rendered = new Helm(FlytrapImage.root().resolve("helm/flytrap")).template().withName("flytrap").withKubeVersion("1.31.0")
                .set("image.registry", "registry.example.com/team").set("database.url", "jdbc:postgresql://db/flytrap")
                .set("database.password", "a-database-password").call();

        assertThat(imagesIn(rendered)).as("every container of every workload, hooks and tests included")
                .isNotEmpty()
                .allMatch(image -> image.equals("registry.example.com/team/" + FlytrapImage.FUNCTIONS.reference())
                        || image.equals("registry.example.com/team/" + FlytrapImage.DASHBOARD.reference()))
                .contains("registry.example.com/team/" + FlytrapImage.FUNCTIONS.reference(),
                        "registry.example.com/team/" + FlytrapImage.DASHBOARD.reference());
    }

    @Test
    void shouldRefuseToRenderTheChartWithoutARegistryInsteadOfPullingImagesNobodyPublished() {
        assertThatThrownBy(() -> new Helm(FlytrapImage.root().resolve("helm/flytrap")).template().withName("flytrap").withKubeVersion("1.31.0")
                .set("database.url", "jdbc:postgresql://db/flytrap").set("database.password", "a-database-password").call())
                .hasMessageContaining("image.registry");
    }

    @Test
    void shouldReportJibTaggingLatestWhileComposeAsksForTheVersion() {
        assertThat(problemsAfter("docker-compose.yml", text -> text.replace("flytrap-functions:" + VERSION, "flytrap-functions:latest")))
                .anyMatch(problem -> problem.startsWith("docker-compose.yml") && problem.contains("flytrap-functions:latest"));
    }

    @Test
    void shouldReportAComposeImageThatAVariableCanTurnIntoAnotherTag() {
        assertThat(problemsAfter("docker-compose.yml", text -> text.replace("flytrap-dashboard:" + VERSION, "flytrap-dashboard:${FLYTRAP_VERSION:-" + VERSION + "}")))
                .anyMatch(problem -> problem.contains("service dashboard runs flytrap-dashboard:${FLYTRAP_VERSION"));
    }

    @Test
    void shouldReportAComposeServiceThatMayBePulledFromAPublicRegistry() {
        assertThat(problemsAfter("docker-compose.yml", text -> text.replaceFirst("pull_policy: never", "pull_policy: missing")))
                .anyMatch(problem -> problem.contains("may be pulled from a public registry"));
    }

    @Test
    void shouldReportAChartAppVersionOrImageTagThatIsNotTheProjectVersion() {
        assertThat(problemsAfter("helm/flytrap/Chart.yaml", text -> text.replace("appVersion: \"" + VERSION + "\"", "appVersion: \"0.1.0\"")))
                .anyMatch(problem -> problem.contains("appVersion 0.1.0"));
        assertThat(problemsAfter("helm/flytrap/values.yaml", text -> text.replace("  tag: \"\"", "  tag: latest")))
                .anyMatch(problem -> problem.contains("image.tag is latest"));
    }

    @Test
    void shouldReportADocumentOrTerraformExampleNamingAnotherTagOrJar() {
        assertThat(problemsAfter("docs/deploy-aws.md", text -> text + "\nIMAGE=123456789012.dkr.ecr.eu-west-1.amazonaws.com/flytrap-dashboard:0.1.0\n"))
                .anyMatch(problem -> problem.startsWith("docs/deploy-aws.md:") && problem.contains("tagged 0.1.0"));
        assertThat(problemsAfter("terraform/examples/aws/terraform.tfvars.example",
                text -> text.replace("flytrap-functions-" + VERSION + "-aws.jar", "flytrap-functions-aws.jar")))
                .anyMatch(problem -> problem.contains("is not a file the build writes"));
        assertThat(problemsAfter("docs/deploy-aws.md", text -> text + "\naws ecr create-repository --repository-name flytrap\n"))
                .anyMatch(problem -> problem.contains("repository flytrap is not named after an image"));
    }

    @Test
    void shouldReportAHelmInstallCommandThatLeavesTheRegistryOut() {
        assertThat(problemsAfter("docs/deploy-kubernetes.md", text -> text + "\n```sh\nhelm install flytrap helm/flytrap -n flytrap \\\n  --set postgresql.enabled=true\n```\n"))
                .anyMatch(problem -> problem.startsWith("docs/deploy-kubernetes.md:") && problem.contains("without --set image.registry"));
    }

    private static List<String> problemsAfter(String path, UnaryOperator<String> change) {
        Map<String, String> changed = new HashMap<>(files);
        String before = changed.get(path);
        assertThat(before).as(path).isNotNull();
        String after = change.apply(before);
        assertThat(after).as("the change to " + path + " must apply, or this test checks nothing").isNotEqualTo(before);
        changed.put(path, after);
        return ImageReferences.problems(changed, VERSION, builtFiles);
    }

    private static List<String> imagesIn(String rendered) throws IOException {
        List<String> images = new ArrayList<>();
        YAMLMapper yaml = new YAMLMapper();
        for (String document : rendered.split("(?m)^---\\s*$")) {
            if (document.isBlank()) continue;
            collectImages(yaml.readTree(document), images);
        }
        return images;
    }

    private static void collectImages(JsonNode node, List<String> images) {
        if (node == null) return;
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getKey().equals("image") && field.getValue().isTextual()) images.add(field.getValue().asText());
                else collectImages(field.getValue(), images);
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectImages(child, images));
        }
    }
}
