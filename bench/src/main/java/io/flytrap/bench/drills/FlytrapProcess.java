package io.flytrap.bench.drills;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One Flytrap as a user runs it: {@code java -jar} of the one-process app (what {@code ./run.sh} starts), with the
 * embedded PostgreSQL in its own data folder, on a loopback port. A drill can kill it with SIGKILL and start it again
 * on the same folder, as a crash and a supervisor's (systemd's, Docker's) restart would.
 */
public final class FlytrapProcess {

    public static final String ADMIN_EMAIL = "drills@example.com";
    public static final String ADMIN_PASSWORD = "a long drill password";
    /** Issued at first start (FLYTRAP_ADMIN_TOKEN) and used for the management API. */
    public static final String ADMIN_TOKEN = "drill-token-" + "0123456789abcdef0123456789abcdef";

    private final Path dataDir;
    private final int port;
    private final List<String> javaOptions;
    /** What the JVM runs, after its options: {@code -jar} and the jar, or another launch of it (an AOT cache's). */
    private final List<String> launch;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private Process process;
    private int starts;

    public FlytrapProcess(Path jar, Path dataDir, int port, List<String> javaOptions) {
        this(dataDir, port, javaOptions, List.of("-jar", jar.toString()));
    }

    /**
     * As above, but the JVM runs {@code launch} instead of {@code -jar} JAR: e.g. what {@code scripts/aot-cache.sh}'s
     * {@code flytrap_aot_launch} prints, the AOT cache's flag and the jar extracted beside it, as {@code ./run.sh} runs.
     */
    public FlytrapProcess(Path dataDir, int port, List<String> javaOptions, List<String> launch) {
        this.dataDir = dataDir;
        this.port = port;
        this.javaOptions = javaOptions;
        this.launch = List.copyOf(launch);
    }

    int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Starts the app; returns without waiting for it to be ready. */
    public void start() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.addAll(javaOptions);
        command.addAll(launch);
        command.addAll(List.of("--server.address=127.0.0.1", "--logging.level.root=WARN"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("flytrap.log").toFile()));
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("FLYTRAP_DATA_DIR", dataDir.toString());
        builder.environment().put("FLYTRAP_ADMIN_EMAIL", ADMIN_EMAIL);
        builder.environment().put("FLYTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        builder.environment().put("FLYTRAP_ADMIN_TOKEN", ADMIN_TOKEN);
        builder.environment().remove("FLYTRAP_DB_URL");
        Files.createDirectories(dataDir);
        process = builder.start();
        starts++;
    }

    int starts() {
        return starts;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /**
     * Waits until readiness answers UP; empty when it did within the time, else why not (the process died, or it
     * never became ready).
     */
    public Optional<String> awaitReady(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return Optional.of("the process exited with " + process.exitValue());
            }
            if (ready()) {
                return Optional.empty();
            }
            Thread.sleep(100);
        }
        return Optional.of("not ready after " + within.toSeconds() + " s");
    }

    /** Readiness as a probe sees it: UP within a second, anything else (DOWN, an error, no answer) is not ready. */
    boolean ready() {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url("/actuator/health/readiness")))
                    .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 && answer.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** SIGKILL: no shutdown hook runs, as in a crash or an OOM kill. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** A clean stop at the end of a drill; the embedded PostgreSQL stops with it. */
    public void stop() throws InterruptedException {
        stop(Duration.ofSeconds(30));
    }

    /**
     * A clean stop given up to {@code within} before SIGKILL: a run recording an AOT cache writes it as it exits
     * (about a minute in a child JVM on this machine, more when loaded), which a kill would lose.
     */
    public void stop(Duration within) throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
