package io.flytrap.dashboard.artifacts;

import io.flytrap.core.access.Caller;
import io.flytrap.core.event.StackFrame;
import io.flytrap.core.issues.EventQueries;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.sourcemaps.Artifact;
import io.flytrap.core.sourcemaps.ArtifactService;
import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.Role;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.dashboard.SentryCli;
import io.flytrap.testsupport.TestEvents;
import io.flytrap.testsupport.UsesTestDatabase;
import io.flytrap.core.users.UserService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real sentry-cli from npm, unchanged, uploads the source maps of an esbuild bundle to Flytrap (chunk upload,
 * artifact bundle assembly); then an error thrown by that bundle is symbolicated with them.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.enabled=false")
@UsesTestDatabase
class SentryCliUploadTests {

    static final Path CLIENT = SentryCli.CLIENT;

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    ProjectService projects;
    @Autowired
    ArtifactService artifacts;
    @Autowired
    EventProcessor processor;
    @Autowired
    IssueQueries issues;
    @Autowired
    EventQueries events;
    @Autowired
    Clock clock;

    /** Runs in the client's folder; the output goes to the log when one is given. */
    private static int run(ProcessBuilder command, int minutes, File log) throws Exception {
        SentryCli.Result result = SentryCli.run(command.directory(CLIENT.toFile()), minutes);
        if (log != null) {
            Files.writeString(log.toPath(), result.output());
        } else {
            System.out.print(result.output());
        }
        return result.exitCode();
    }

    Path out;
    Caller caller;
    long projectId;
    String token;

    /** A fresh bundle built by esbuild, and a member with a project and an API token for sentry-cli. */
    @BeforeEach
    void bundleAndAccount() throws Exception {
        SentryCli.install();
        out = Files.createTempDirectory("flytrap-sentry-cli");
        assertThat(run(new ProcessBuilder("node", "build.mjs", out.toString()), 2, null)).isZero();
        var owner = users.create("cli-" + UUID.randomUUID() + "@example.com", "a long test password", Role.MEMBER);
        caller = owner.asCaller();
        projectId = projects.create(caller, "Web shop " + UUID.randomUUID().toString().substring(0, 6), "javascript").project().id();
        // an upload token: the project's only, as a CI job would have
        token = tokens.issueForProject(caller, projectId, "sentry-cli in CI").token();
    }

    @Test
    void shouldTakeSentryCliUploadsAndSymbolicateWithThem() throws Exception {

        File log = Files.createTempFile("sentry-cli", ".log").toFile();
        ProcessBuilder upload = new ProcessBuilder("node_modules/.bin/sentry-cli", "sourcemaps", "upload",
                "--org", "flytrap", "--project", Long.toString(projectId), "--release", "1.0", out.resolve("dist").toString());
        upload.environment().put("SENTRY_URL", "http://127.0.0.1:" + port);
        upload.environment().put("SENTRY_AUTH_TOKEN", token);
        upload.environment().put("SENTRY_LOG_LEVEL", "info");
        int exit = run(upload, 2, log);
        assertThat(exit).as("sentry-cli exit code; its output:\n" + Files.readString(log.toPath())).isZero();

        List<Artifact> uploaded = artifacts.list(caller, projectId, "1.0");
        assertThat(uploaded).extracting(Artifact::name).contains("~/app.min.js.map");

        // the bundle's own error, as a browser loading it from the shop would report it
        String stack = JsonMapper.builder().build().readTree(Files.readString(out.resolve("stack.json"))).get("stack").stringValue()
                .replace(out.resolve("dist").toUri().toString(), "https://shop.example/");
        String body = """
                {"data": {"error": {"name": "TypeError", "message": "item broken has no price", "stack": %s},
                          "project_id": %d, "release": "1.0"}}""".formatted(JsonMapper.builder().build().writeValueAsString(stack), projectId);
        TestEvents.process(processor, projectId, body, clock.instant());
        long issueId = issues.search(caller, projectId, IssueFilter.all(), 0, 1).getFirst().id();
        StackFrame thrower = events.event(caller, issueId, null).orElseThrow().event().primaryException().frames().getLast();
        assertThat(thrower.file()).endsWith("src/app.js");
        assertThat(thrower.line()).isEqualTo(3);
        assertThat(thrower.context()).anySatisfy(line -> assertThat(line.code()).contains("throw new TypeError"));
    }

    @Test
    void shouldFindAMapByItsDebugIdWhateverTheBundleIsCalledNow() throws Exception {
        // sentry-cli writes a debug ID into the bundle and its map, then uploads them (no release at all)
        File log = Files.createTempFile("sentry-cli", ".log").toFile();
        assertThat(run(new ProcessBuilder("node_modules/.bin/sentry-cli", "sourcemaps", "inject", out.resolve("dist").toString()), 1, log))
                .as(Files.readString(log.toPath())).isZero();
        ProcessBuilder upload = new ProcessBuilder("node_modules/.bin/sentry-cli", "sourcemaps", "upload",
                "--org", "flytrap", "--project", Long.toString(projectId), out.resolve("dist").toString());
        upload.environment().put("SENTRY_URL", "http://127.0.0.1:" + port);
        upload.environment().put("SENTRY_AUTH_TOKEN", token);
        assertThat(run(upload, 2, log)).as(Files.readString(log.toPath())).isZero();
        String debugId = JsonMapper.builder().build().readTree(Files.readString(out.resolve("dist/app.min.js.map"))).get("debugId").stringValue();
        // inject put code in front of the bundle: run it again for the positions of the file as now deployed
        File rerun = Files.createTempFile("bundle-run", ".json").toFile();
        assertThat(run(new ProcessBuilder("node", out.resolve("dist/app.min.js").toString()), 1, rerun)).isZero();

        // A Sentry event from a page that serves the bundle under a new, hashed name: only the debug ID can match
        String renamed = "https://cdn.example/assets/bundle-8f3a.js";
        String stack = JsonMapper.builder().build().readTree(Files.readString(rerun.toPath()).strip().lines().toList().getLast())
                .get("stack").stringValue();
        StringBuilder frames = new StringBuilder();
        for (String line : stack.lines().toList().reversed()) {
            var match = java.util.regex.Pattern.compile("at (?:(\\S+) \\()?.*app\\.min\\.js:(\\d+):(\\d+)").matcher(line);
            if (match.find()) {
                frames.append(frames.isEmpty() ? "" : ",").append("""
                        {"filename": "%s", "function": "%s", "lineno": %s, "colno": %s, "in_app": true}"""
                        .formatted(renamed, match.group(1) == null ? "?" : match.group(1), match.group(2), match.group(3)));
            }
        }
        String event = """
                {"event_id": "%s", "platform": "javascript",
                 "exception": {"values": [{"type": "TypeError", "value": "item broken has no price",
                                           "stacktrace": {"frames": [%s]}}]},
                 "debug_meta": {"images": [{"type": "sourcemap", "code_file": "%s", "debug_id": "%s"}]}}"""
                .formatted(UUID.randomUUID().toString().replace("-", ""), frames, renamed, debugId);
        processor.process(List.of(new io.flytrap.core.process.BatchItem("m", new io.flytrap.core.queue.QueuedEvent(projectId,
                UUID.randomUUID(), io.flytrap.core.protocol.SentryEventParser.PROTOCOL,
                event.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.util.Map.of(), clock.instant()))));

        long issueId = issues.search(caller, projectId, IssueFilter.all(), 0, 1).getFirst().id();
        StackFrame thrower = events.event(caller, issueId, null).orElseThrow().event().primaryException().frames().getLast();
        assertThat(thrower.file()).endsWith("src/app.js");
        assertThat(thrower.line()).isEqualTo(3);
        assertThat(thrower.function()).isEqualTo("priceOf");
    }

    @Test
    void shouldNotLetAnUploadTokenReachAnotherProject() throws Exception {
        long otherProject = projects.create(caller, "Other " + UUID.randomUUID().toString().substring(0, 6), "javascript").project().id();
        File log = Files.createTempFile("sentry-cli", ".log").toFile();
        ProcessBuilder upload = new ProcessBuilder("node_modules/.bin/sentry-cli", "sourcemaps", "upload",
                "--org", "flytrap", "--project", Long.toString(otherProject), "--release", "1.0", out.resolve("dist").toString());
        upload.environment().put("SENTRY_URL", "http://127.0.0.1:" + port);
        upload.environment().put("SENTRY_AUTH_TOKEN", token);
        assertThat(run(upload, 2, log)).as("refused: " + Files.readString(log.toPath())).isNotZero();
        assertThat(artifacts.list(caller, otherProject, null)).isEmpty();
    }

    @Test
    void shouldRefuseSentryCliWithoutAValidToken() throws Exception {
        var refused = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/api/0/organizations/flytrap/chunk-upload/"))
                .header("Authorization", "Bearer not-a-token").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
    }
}
