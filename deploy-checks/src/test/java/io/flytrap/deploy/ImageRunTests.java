package io.flytrap.deploy;

import io.flytrap.testsupport.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each image started as a container runtime starts it, without one (no Docker engine runs here): the
 * layers Jib wrote unpacked as the root file system, the config's entrypoint run in it under chroot as the
 * config's user, /app mounted read-only, /tmp a tmpfs, and no environment but what compose and Helm pass.
 * The base image's part cannot be pulled here, so it is lent from this machine, read-only: the JDK running this
 * test at /opt/java/openjdk (where Temurin's images keep theirs, with the same PATH) and the host's /usr.
 * Mount namespaces and chroot need root: CI and this machine run as root; elsewhere the commands go through sudo.
 */
class ImageRunTests {

    private static final String JAVA_IN_IMAGE = "/opt/java/openjdk";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    /** Runs in a private mount namespace; everything mounted here disappears with it. */
    private static final String CONTAINER = """
            set -eu
            r=$ROOTFS
            for d in usr etc dev; do mkdir -p "$r/$d"; mount --rbind "/$d" "$r/$d"; done
            mount -o remount,bind,ro "$r/usr"; mount -o remount,bind,ro "$r/etc"
            for d in bin lib lib64 sbin; do
              if [ -L "/$d" ]; then ln -s "$(readlink "/$d")" "$r/$d"
              elif [ -d "/$d" ]; then mkdir -p "$r/$d"; mount --bind "/$d" "$r/$d"; fi
            done
            mkdir -p "$r/opt/java/openjdk" "$r/proc" "$r/tmp"
            mount --bind "$JRE" "$r/opt/java/openjdk"; mount -o remount,bind,ro "$r/opt/java/openjdk"
            mount -t proc proc "$r/proc"
            mount -t tmpfs -o mode=1777 tmpfs "$r/tmp"
            mount --bind "$r/app" "$r/app"; mount -o remount,bind,ro "$r/app"
            exec chroot --userspec="$USERSPEC" "$r" /usr/bin/env -i PATH=/opt/java/openjdk/bin:/usr/bin:/bin \\
              JAVA_HOME=/opt/java/openjdk PORT="$PORT" FLYTRAP_DB_URL="$DB_URL" FLYTRAP_DB_USER="$DB_USER" \\
              FLYTRAP_DB_PASSWORD="$DB_PASSWORD" FLYTRAP_MIGRATE=true "$@"
            """;

    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(FlytrapImage.class)
    void shouldStartFromItsEntrypointAsTheUnprivilegedUserAndAnswerReadiness(FlytrapImage image) throws Exception {
        ImageTarball tarball = ImageTarball.read(image.checkTarball());
        Path rootfs = Files.createDirectories(work.resolve("rootfs"));
        ImageTarball.unpack(image.checkTarball(), rootfs);
        int port = freePort();
        TestDatabase.Connection database = TestDatabase.connection();

        List<String> command = new ArrayList<>(asRoot());
        command.addAll(List.of("unshare", "--mount", "--fork", "--kill-child", "sh", "-c", CONTAINER, "container"));
        command.addAll(tarball.entrypoint());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("container.log").toFile());
        builder.environment().putAll(Map.of("ROOTFS", rootfs.toString(), "JRE", System.getProperty("java.home"),
                "USERSPEC", tarball.user(), "PORT", String.valueOf(port), "DB_URL", database.url(),
                "DB_USER", database.username(), "DB_PASSWORD", database.password()));
        Instant started = Instant.now();
        Process container = builder.start();
        Optional<ProcessHandle> jvm = Optional.empty();
        try {
            String readiness = awaitReadiness(port, container);
            System.out.printf("%s answered readiness %d ms after its start%n", image.name, Duration.between(started, Instant.now()).toMillis());

            assertThat(readiness).as("the image's entrypoint started Flytrap and it reached the database").contains("\"UP\"");
            jvm = javaOf(container, image);
            ProcessHandle java = jvm.orElseThrow(() -> new AssertionError("no java process under the container"));
            assertThat(uidOf(java)).as("the process runs as the image's user, never as root").isEqualTo("65532");
            assertThat(java.info().commandLine().orElse("")).contains("@/app/jib-classpath-file", image.mainClass);
            // As a runtime stops a container: SIGTERM to its main process (chroot's change of user cleared
            // unshare's kill-on-exit signal, so the JVM must be signalled itself), then the 30 s grace period.
            java.destroy();
            assertThat(container.waitFor(30, TimeUnit.SECONDS)).as("stopped within Kubernetes' default grace period").isTrue();
            assertThat(java.isAlive()).isFalse();
        } finally {
            jvm.ifPresent(ProcessHandle::destroyForcibly);
            container.destroyForcibly().waitFor();
        }
    }

    /** Polls readiness; fails early with the container's log when the process ends first. */
    private String awaitReadiness(int port, Process container) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!container.isAlive()) {
                throw new AssertionError("the container exited with " + container.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) return response.body();
            } catch (IOException notListeningYet) {
                // the JVM is still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not ready within " + START_TIMEOUT + ":\n" + log());
    }

    private String log() throws IOException {
        List<String> lines = Files.readAllLines(work.resolve("container.log"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static Optional<ProcessHandle> javaOf(Process container, FlytrapImage image) {
        try (Stream<ProcessHandle> all = container.toHandle().descendants()) {
            // the JVM itself, not the unshare and sh processes whose arguments carry the same entrypoint
            return all.filter(process -> process.info().command().orElse("").endsWith("/java"))
                    .filter(process -> process.info().commandLine().orElse("").contains("@/app/jib-classpath-file"))
                    .filter(process -> process.info().commandLine().orElse("").contains(image.mainClass))
                    .findFirst();
        }
    }

    /** The real user id from /proc (ProcessHandle.Info.user() gives a name, and 65532 has none on this machine). */
    private static String uidOf(ProcessHandle process) throws IOException {
        return Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status")).stream()
                .filter(line -> line.startsWith("Uid:")).findFirst().orElseThrow().split("\\s+")[1];
    }

    private static List<String> asRoot() throws IOException, InterruptedException {
        if (run("id", "-u").equals("0")) return List.of();
        if (new ProcessBuilder("sudo", "-n", "true").start().waitFor() != 0) {
            throw new AssertionError("running an image needs root (chroot, mount namespaces): run ./test.sh as root, "
                    + "or allow this user sudo without a password prompt");
        }
        return List.of("sudo", "-n", "--preserve-env=ROOTFS,JRE,USERSPEC,PORT,DB_URL,DB_USER,DB_PASSWORD");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).start();
        String output = new String(process.getInputStream().readAllBytes()).trim();
        process.waitFor();
        return output;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
