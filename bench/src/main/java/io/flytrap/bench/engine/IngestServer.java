package io.flytrap.bench.engine;

import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.UserService;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Serves ingest for the load generator: writes the request bodies and the project's key into a folder for the
 * wrk scripts, then keeps running until killed. Queue workers are off, so the measurement is ingest alone.
 */
public final class IngestServer {

    private IngestServer() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        // Command-line arguments: they take precedence over the functions app's own application.properties
        ConfigurableApplicationContext context = new SpringApplicationBuilder(EngineBenchApplication.class).run(
                "--flytrap.worker.enabled=false", "--spring.flyway.enabled=true", "--server.address=127.0.0.1",
                "--server.port=" + args[1], "--flytrap.data-dir=" + out.resolve("data"), "--flytrap.retention.enabled=false",
                "--logging.level.root=WARN",
                // quotas would cap the measurement, not ingest
                "--flytrap.ingest.rate-limit.project-per-minute=100000000", "--flytrap.ingest.rate-limit.global-per-second=100000000");
        // The refusal budget is left to the caller's system properties (command-line arguments here would win over
        // them): bench/event-engine.sh lifts it, AbusiveEnvelopeBenchmark measures it at its defaults and off.
        CreatedProject project = BenchProject.create(context.getBean(UserService.class), context.getBean(ProjectService.class));
        long projectId = project.project().id();
        Files.writeString(out.resolve("native.json"), SampleEvents.nativeEvent(projectId, 7, 42), StandardCharsets.UTF_8);
        Files.write(out.resolve("envelope.gz"), SampleEvents.gzippedEnvelope());
        Files.writeString(out.resolve("key"), project.key().publicKey());
        Files.writeString(out.resolve("project"), Long.toString(projectId));
        Files.writeString(out.resolve("ready"), "ready");
    }
}
