package io.flytrap.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each image as the Jib Maven plugin really wrote it in this build ({@code jib:buildTar} in the package phase,
 * target/jib-image-check.tar): the tag, and the config a container runtime starts it with. The checked tarball
 * sits on an empty base (no registry is reachable here); Jib sets entrypoint, user, ports and labels itself, so
 * the image pushed with Temurin's JRE as its base differs only in the base layers and the base's environment.
 */
class ImageTarballTests {

    @ParameterizedTest
    @EnumSource(FlytrapImage.class)
    void shouldTagTheImageWithItsNameAndTheProjectVersionOnly(FlytrapImage image) throws IOException {
        ImageTarball tarball = ImageTarball.read(image.checkTarball());

        assertThat(tarball.repoTags()).as("a :latest tag (or any second tag) is what compose and Helm did not find")
                .containsExactly(image.reference());
        assertThat(tarball.label("org.opencontainers.image.version")).isEqualTo(FlytrapImage.version());
    }

    @ParameterizedTest
    @EnumSource(FlytrapImage.class)
    void shouldStartTheApplicationAsAnUnprivilegedUserOnPort8080(FlytrapImage image) throws IOException {
        ImageTarball tarball = ImageTarball.read(image.checkTarball());

        assertThat(tarball.entrypoint()).as("java from the base image's PATH, flags, Jib's classpath file, our main class")
                .startsWith("java").endsWith("-cp", "@/app/jib-classpath-file", image.mainClass)
                .contains("-XX:MaxRAMPercentage=75", "-Djava.io.tmpdir=/tmp", "-Duser.home=/tmp");
        assertThat(tarball.user()).as("never root: compose, Helm and ECS all expect 65532").isEqualTo("65532:65532");
        assertThat(tarball.exposedPorts()).containsExactly("8080/tcp");
        List<String> env = new ArrayList<>();
        tarball.config().path("Env").forEach(entry -> env.add(entry.asText()));
        assertThat(env).as("no settings, let alone secrets, baked into the image: only the log format, a packaging "
                + "default (JSON lines for log collectors, issue #23) that FLYTRAP_LOG_FORMAT= overrides").containsExactly("FLYTRAP_LOG_FORMAT=ecs");
        assertThat(tarball.config().has("Cmd") && !tarball.config().get("Cmd").isNull() && !tarball.config().get("Cmd").isEmpty())
                .as("no default arguments that a Helm Job's args would silently replace").isFalse();
    }

    @ParameterizedTest
    @EnumSource(FlytrapImage.class)
    void shouldShipEveryClasspathEntryAndTheMainClass(FlytrapImage image) throws IOException {
        ImageTarball tarball = ImageTarball.read(image.checkTarball());

        ImageTarball.LayerFile classpathFile = tarball.file("/app/jib-classpath-file");
        assertThat(classpathFile).as("the entrypoint reads the classpath from this file").isNotNull();
        List<String> classpath = Arrays.stream(classpathFile.text().trim().split(":")).toList();
        assertThat(classpath).contains("/app/resources", "/app/classes").hasSizeGreaterThan(20);
        List<String> jars = classpath.stream().filter(entry -> entry.endsWith(".jar")).toList();
        assertThat(jars).as("every jar the JVM is told to load is in a layer")
                .allSatisfy(jar -> assertThat(tarball.file(jar)).as(jar).isNotNull());
        assertThat(tarball.file("/app/classes/" + image.mainClass.replace('.', '/') + ".class")).isNotNull();
        assertThat(tarball.file("/app/jib-main-class-file").text().trim()).isEqualTo(image.mainClass);
        assertThat(tarball.files().keySet()).as("files readable by the unprivileged user, nothing outside /app")
                .allMatch(path -> path.startsWith("/app/"));
        assertThat(tarball.files().values()).allMatch(file -> (file.mode() & 0444) == 0444);
    }
}
