package io.flytrap.deploy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * run.sh's AOT cache (scripts/aot-cache.sh), with the real script, bash and this JDK, on a small jar that prints
 * the JVM options it was started with: the first run records the cache, later runs use it, and whatever is wrong
 * with the cache (damaged, made for another jar, switched off) never stops the application from starting.
 */
class RunScriptAotCacheTests {

    private static final Path ROOT = Path.of(System.getProperty("flytrap.root", ".."));
    private static final String LAUNCH = """
            set -euo pipefail
            . "$ROOT/scripts/find-jdk.sh"
            . "$ROOT/scripts/aot-cache.sh"
            flytrap_find_jdk
            mapfile -t launch < <(flytrap_aot_launch "$JAR" -Xss512k)
            exec "$JAVA_HOME/bin/java" -Xss512k "${launch[@]}"
            """;

    @TempDir
    Path work;

    private Path jar;
    private Path cache;

    @BeforeEach
    void buildJar() throws IOException {
        jar = work.resolve("hello.jar");
        cache = work.resolve("hello-aot/flytrap.aot");
        writeJar("started");
    }

    @Test
    void shouldRecordTheCacheOnTheFirstRunAndStartFromItAfterwards() throws Exception {
        assertThat(run(Map.of())).contains("started").contains("-XX:AOTCacheOutput=").doesNotContain("-XX:AOTCache=");
        assertThat(cache).as("written when the first run ended").isNotEmptyFile();

        String second = run(Map.of());
        assertThat(second).contains("started").contains("-XX:AOTCache=" + cache);
        assertThat(second).as("the JVM took the cache: no warning that it could not use it").doesNotContainIgnoringCase("warning");
    }

    @Test
    void shouldStillStartWhenTheCacheIsDamaged() throws Exception {
        run(Map.of());
        Files.write(cache, "not an AOT cache, or one cut short".getBytes());

        assertThat(run(Map.of())).as("a cache the JVM cannot read must not stop the start").contains("started");
    }

    @Test
    void shouldRecordANewCacheWhenTheJarChanged() throws Exception {
        run(Map.of());
        Files.write(cache, "the cache of the older jar".getBytes());
        writeJar("started, new build");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(run(Map.of())).as("the older jar's cache is not used").contains("started, new build")
                .contains("-XX:AOTCacheOutput=");
        assertThat(Files.readString(cache, java.nio.charset.StandardCharsets.ISO_8859_1))
                .as("the new run's cache replaced it").doesNotContain("the cache of the older jar");
    }

    @Test
    void shouldRunWithoutCacheWhenSwitchedOff() throws Exception {
        String output = run(Map.of("FLYTRAP_AOT_CACHE", "off"));

        assertThat(output).contains("started").doesNotContain("-XX:AOTCache");
        assertThat(work.resolve("hello-aot")).doesNotExist();
    }

    /** Runs the jar as run.sh does; returns its output, after checking that it ended normally. */
    private String run(Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", LAUNCH).redirectErrorStream(true);
        builder.environment().putAll(Map.of("ROOT", ROOT.toAbsolutePath().toString(), "JAR", jar.toString(),
                "JAVA_HOME", System.getProperty("java.home")));
        builder.environment().remove("FLYTRAP_AOT_CACHE");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** A jar whose main class prints the message and the JVM's options, compiled here with this JDK. */
    private void writeJar(String message) throws IOException {
        Path source = Files.createDirectories(work.resolve("src")).resolve("Hello.java");
        Files.writeString(source, """
                public class Hello {
                    public static void main(String[] args) {
                        System.out.println("%s " + java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
                    }
                }
                """.formatted(message));
        Path classes = Files.createDirectories(work.resolve("classes"));
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), source.toString()))
                .isZero();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Hello");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("Hello.class"));
            out.write(Files.readAllBytes(classes.resolve("Hello.class")));
            out.closeEntry();
        }
        assertThat(List.of(jar)).allMatch(Files::isRegularFile);
    }
}
