package io.flytrap.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every place outside the build that names an image, its tag or the Lambda jar, checked against what the build
 * makes: image {@code <artifactId>:<project version>} and {@code flytrap-functions-<version>-aws.jar}. Compose,
 * the chart and the docs drifted apart once (Jib wrote :latest, compose asked for the version, the chart for its
 * appVersion); this lists each disagreement with the file it is in. It works on file texts, so tests can hand it a
 * changed copy of one file and see the disagreement reported.
 */
final class ImageReferences {

    /** Files a newcomer copies commands or settings from. */
    private static final Set<String> SCANNED_SUFFIXES = Set.of(".md", ".yml", ".yaml", ".tf", ".tfvars.example", ".sh", ".tpl", ".txt");
    private static final Set<String> SKIPPED_DIRS = Set.of(".git", "node_modules", "target", ".terraform", ".mvn");

    /** name:tag; a purely numeric "tag" is a port (http://flytrap-dashboard:8080), not an image. */
    private static final Pattern IMAGE = Pattern.compile("\\b(flytrap-(?:functions|dashboard)):([A-Za-z0-9_][A-Za-z0-9_.-]*)");
    private static final Pattern LAMBDA_JAR = Pattern.compile("flytrap-functions-([0-9][A-Za-z0-9_.-]*?)-aws\\.jar");
    private static final Pattern ECR_REPOSITORY = Pattern.compile("--repository-name\\s+(\\S+)");
    private static final Pattern TFVARS_JAR = Pattern.compile("(?m)^\\s*functions_jar\\s*=\\s*\"([^\"]+)\"");

    private static final YAMLMapper YAML = new YAMLMapper();

    private ImageReferences() {
    }

    /** The texts of the scanned files under the repository root, by path relative to it ("docs/deploy-aws.md"). */
    static Map<String, String> filesUnder(Path root) {
        Map<String, String> files = new TreeMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    return SKIPPED_DIRS.contains(dir.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    if (SCANNED_SUFFIXES.stream().anyMatch(suffix -> file.getFileName().toString().endsWith(suffix))) {
                        files.put(root.relativize(file).toString(), Files.readString(file));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /**
     * Disagreements between the files and the build. {@code builtFiles} are the names of the files the build wrote
     * in functions/target, so a jar path in the Terraform example must name one that exists.
     */
    static List<String> problems(Map<String, String> files, String version, Set<String> builtFiles) {
        List<String> problems = new ArrayList<>();
        files.forEach((path, text) -> scan(path, text, version, problems));
        checkCompose(files.get("docker-compose.yml"), version, problems);
        checkChart(files.get("helm/flytrap/Chart.yaml"), files.get("helm/flytrap/values.yaml"), version, problems);
        checkTerraformExample(files.get("terraform/examples/aws/terraform.tfvars.example"), builtFiles, problems);
        files.forEach((path, text) -> checkHelmInstalls(path, text, problems));
        return problems;
    }

    private static void scan(String path, String text, String version, List<String> problems) {
        for (Matcher m = IMAGE.matcher(text); m.find(); ) {
            if (m.group(2).chars().allMatch(Character::isDigit)) continue;
            if (!m.group(2).equals(version)) {
                problems.add("%s:%d: %s is tagged %s, the build tags it %s".formatted(path, line(text, m.start()), m.group(1), m.group(2), version));
            }
        }
        for (Matcher m = LAMBDA_JAR.matcher(text); m.find(); ) {
            if (!m.group(1).equals(version)) {
                problems.add("%s:%d: %s names version %s, the build writes flytrap-functions-%s-aws.jar".formatted(path, line(text, m.start()), m.group(), m.group(1), version));
            }
        }
        for (Matcher m = ECR_REPOSITORY.matcher(text); m.find(); ) {
            if (!Set.of("flytrap-dashboard", "flytrap-functions").contains(m.group(1))) {
                problems.add("%s:%d: repository %s is not named after an image (flytrap-dashboard, flytrap-functions)".formatted(path, line(text, m.start()), m.group(1)));
            }
        }
    }

    /** Compose runs what scripts/containers.sh built into the local daemon: exactly that name and tag, never a pull. */
    private static void checkCompose(String compose, String version, List<String> problems) {
        if (compose == null) {
            problems.add("docker-compose.yml is missing");
            return;
        }
        JsonNode services = yaml(compose).path("services");
        for (FlytrapImage image : FlytrapImage.values()) {
            String service = image == FlytrapImage.FUNCTIONS ? "functions" : "dashboard";
            JsonNode definition = services.path(service);
            String reference = definition.path("image").asText("");
            if (!reference.equals(image.name + ":" + version)) {
                problems.add("docker-compose.yml: service %s runs %s, the build makes %s:%s".formatted(service, reference, image.name, version));
            }
            if (!definition.path("pull_policy").asText("").equals("never")) {
                problems.add("docker-compose.yml: service %s may be pulled from a public registry (pull_policy is not never)".formatted(service));
            }
        }
    }

    /** The chart's images default to its appVersion: it must be the project version, and values must not override it. */
    private static void checkChart(String chart, String values, String version, List<String> problems) {
        String appVersion = chart == null ? null : yaml(chart).path("appVersion").asText(null);
        if (!version.equals(appVersion)) {
            problems.add("helm/flytrap/Chart.yaml: appVersion %s, the build tags images %s".formatted(appVersion, version));
        }
        String tag = values == null ? null : yaml(values).path("image").path("tag").asText(null);
        if (!"".equals(tag)) {
            problems.add("helm/flytrap/values.yaml: image.tag is %s; it must be empty so the tag follows appVersion".formatted(tag));
        }
    }

    private static void checkTerraformExample(String tfvars, Set<String> builtFiles, List<String> problems) {
        if (tfvars == null) {
            problems.add("terraform/examples/aws/terraform.tfvars.example is missing");
            return;
        }
        Matcher jar = TFVARS_JAR.matcher(tfvars);
        if (!jar.find()) {
            problems.add("terraform/examples/aws/terraform.tfvars.example: no functions_jar");
        } else if (!jar.group(1).startsWith("../../../functions/target/")
                || !builtFiles.contains(jar.group(1).substring(jar.group(1).lastIndexOf('/') + 1))) {
            problems.add("terraform/examples/aws/terraform.tfvars.example: functions_jar %s is not a file the build writes (%s)".formatted(jar.group(1), builtFiles));
        }
    }

    /** The chart has no default registry (nothing is published): an install command that does not name one fails. */
    private static void checkHelmInstalls(String path, String text, List<String> problems) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].stripLeading().startsWith("helm install") && !lines[i].stripLeading().startsWith("helm upgrade --install")) continue;
            StringBuilder command = new StringBuilder(lines[i]);
            for (int j = i; lines[j].stripTrailing().endsWith("\\") && j + 1 < lines.length; j++) command.append(lines[j + 1]);
            if (!command.toString().contains("image.registry")) {
                problems.add("%s:%d: helm install without --set image.registry=<where the images were pushed>".formatted(path, i + 1));
            }
        }
    }

    private static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int line(String text, int offset) {
        return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }
}
