package io.flytrap.core.sourcemaps;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.event.StackFrame;
import io.flytrap.core.issues.EventQueries;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.MutableClock;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.TestEvents;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An error thrown by a bundle that esbuild minified, run in Node; its real stack sent to Flytrap as if from a
 * browser; every frame resolved through the uploaded map — and compared with what Mozilla's source-map library
 * answers for the same positions.
 */
@SpringBootTest(classes = CoreTestApplication.class, properties = "flytrap.sourcemaps.lookup-cache-ttl=0s")
@UsesTestDatabase
class SymbolicationTests {

    static final String SERVED_AT = "https://shop.example/static/app.min.js?v=42";

    @Autowired
    ArtifactService artifacts;
    @Autowired
    EventProcessor processor;
    @Autowired
    IssueQueries issues;
    @Autowired
    EventQueries events;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcClient jdbc;

    static Path built;
    static String browserStack;
    static JsonNode mozilla;
    Caller owner;
    long projectId;

    @BeforeAll
    static void buildWithRealMinifiers() throws Exception {
        built = MinifiedFixtures.built();
        JsonNode stackFile = JsonMapper.builder().build().readTree(Files.readString(built.resolve("stack.json")));
        // As a browser would report it: the bundle at its URL (with a cache buster), not a path on disk
        browserStack = stackFile.get("stack").stringValue()
                .replace(built.resolve("esbuild/app.min.js").toAbsolutePath().toString(), SERVED_AT);
        mozilla = stackFile.get("frames");
    }

    @BeforeEach
    void project() {
        owner = TestAccounts.member(users, "symbols");
        projectId = projects.create(owner, "Shop", "javascript").project().id();
    }

    private byte[] bundleMap() throws Exception {
        return Files.readAllBytes(built.resolve("esbuild/app.min.js.map"));
    }

    private List<StackFrame> sendAndReadFrames(long project, String release) {
        String body = """
                {"data": {"error": {"name": "TypeError", "message": "item broken has no price", "stack": %s},
                          "project_id": %d, "release": "%s"}}""".formatted(JsonMapper.builder().build().writeValueAsString(browserStack),
                project, release);
        TestEvents.process(processor, project, body, clock.instant());
        long issueId = issues.search(owner, project, IssueFilter.all(), 0, 1).getFirst().id();
        return events.event(owner, issueId, null).orElseThrow().event().primaryException().frames();
    }

    /** The bundle's frames, callee first like the stack text and like Mozilla's answers. */
    private static List<StackFrame> bundleFramesCalleeFirst(List<StackFrame> callerFirst) {
        return callerFirst.reversed().stream().filter(f -> !f.file().startsWith("node:")).toList();
    }

    @Test
    void shouldResolveEveryFrameToTheSamePositionsAsMozillasLibrary() throws Exception {
        artifacts.upload(owner, projectId, "2.0", null, "~/static/app.min.js", "source_map", bundleMap());

        List<StackFrame> frames = bundleFramesCalleeFirst(sendAndReadFrames(projectId, "2.0"));

        assertThat(frames).hasSize(mozilla.size());
        for (int i = 0; i < frames.size(); i++) {
            JsonNode expected = mozilla.get(i);
            StackFrame frame = frames.get(i);
            assertThat(frame.file()).as("frame " + i).isEqualTo(expected.get("source").stringValue());
            assertThat(frame.line()).as("frame " + i).isEqualTo(expected.get("originalLine").intValue());
            assertThat(frame.column()).as("frame " + i + " (1-based, like stack traces)")
                    .isEqualTo(expected.get("originalColumn").intValue() + 1);
        }
        StackFrame thrower = frames.getFirst();
        assertThat(thrower.file()).endsWith("src/cart.js");
        assertThat(thrower.function()).as("named from the caller's call site").isEqualTo("priceOf");
        assertThat(frames.get(1).function()).isEqualTo("checkout");
        assertThat(frames.get(2).function()).isEqualTo("run");
        assertThat(thrower.context()).anySatisfy(line -> {
            assertThat(line.number()).isEqualTo(11);
            assertThat(line.code()).contains("throw new TypeError('item ' + item.name + ' has no price')");
        });
    }

    @Test
    void shouldResolveAStackAcrossTwoMinifiedFilesEachWithItsOwnMap() throws Exception {
        JsonNode run = JsonMapper.builder().build().readTree(Files.readString(built.resolve("terser-stack.json")));
        String stack = run.get("stack").stringValue()
                .replace(built.resolve("terser").toUri().toString(), "https://shop.example/static/");
        artifacts.upload(owner, projectId, "2.0", null, "~/static/cart.min.js", "source_map",
                Files.readAllBytes(built.resolve("terser/cart.min.js.map")));
        artifacts.upload(owner, projectId, "2.0", null, "~/static/format.min.js", "source_map",
                Files.readAllBytes(built.resolve("terser/format.min.js.map")));
        // cart's map has no sourcesContent: its original source is uploaded on its own, for code context
        artifacts.upload(owner, projectId, "2.0", null, "src/cart.js", "source",
                Files.readAllBytes(MinifiedFixtures.PROJECT.resolve("src/cart.js")));
        String body = """
                {"data": {"error": {"name": "TypeError", "message": "item broken has no price", "stack": %s},
                          "project_id": %d, "release": "2.0"}}""".formatted(JsonMapper.builder().build().writeValueAsString(stack), projectId);
        TestEvents.process(processor, projectId, body, clock.instant());
        long issueId = issues.search(owner, projectId, IssueFilter.all(), 0, 1).getFirst().id();
        List<StackFrame> frames = events.event(owner, issueId, null).orElseThrow().event().primaryException().frames()
                .reversed().stream().filter(f -> f.file().startsWith("src/")).toList();

        JsonNode expected = run.get("frames");
        assertThat(frames).hasSize(expected.size());
        for (int i = 0; i < frames.size(); i++) {
            assertThat(frames.get(i).file()).as("frame " + i).isEqualTo(expected.get(i).get("source").stringValue());
            assertThat(frames.get(i).line()).as("frame " + i).isEqualTo(expected.get(i).get("originalLine").intValue());
            assertThat(frames.get(i).column()).as("frame " + i).isEqualTo(expected.get(i).get("originalColumn").intValue() + 1);
        }
        assertThat(frames).extracting(StackFrame::file).contains("src/cart.js", "src/format.js");
        assertThat(frames.getFirst().function()).isEqualTo("priceOf");
        assertThat(frames.getFirst().context()).as("from the uploaded original source")
                .anySatisfy(line -> assertThat(line.code()).contains("throw new TypeError"));
        assertThat(frames.getLast().context()).as("from format's sourcesContent")
                .anySatisfy(line -> assertThat(line.code()).contains("groups.map"));
    }

    @Test
    void shouldUseAMapUploadedForEveryReleaseAndTheOriginalBaseNameConvention() throws Exception {
        artifacts.upload(owner, projectId, null, null, "app.min.js.map", "source_map", bundleMap());

        List<StackFrame> frames = bundleFramesCalleeFirst(sendAndReadFrames(projectId, "3.1"));

        assertThat(frames.getFirst().file()).endsWith("src/cart.js");
        assertThat(frames.getFirst().line()).isEqualTo(11);
    }

    @Test
    void shouldRecordTheDebugIdAMapCarries() throws Exception {
        // as `sentry-cli sourcemaps inject` leaves a map (covered end to end with the real CLI in the dashboard tests)
        String withId = new String(bundleMap(), java.nio.charset.StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"debugId\": \"9ee7537d-afb1-578a-b12b-6335f53fac25\", ");
        Artifact stored = artifacts.upload(owner, projectId, null, null, "~/static/app.min.js.map", "source_map",
                withId.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(jdbc.sql("select debug_id::text from artifacts where id = ?").param(stored.id()).query(String.class).single())
                .isEqualTo("9ee7537d-afb1-578a-b12b-6335f53fac25");
    }

    @Test
    void shouldLeaveFramesAloneWithoutAMatchingMap() throws Exception {
        artifacts.upload(owner, projectId, "1.0", null, "~/static/app.min.js", "source_map", bundleMap());
        long otherProject = projects.create(owner, "Other", null).project().id();
        artifacts.upload(owner, otherProject, "2.0", null, "~/static/app.min.js", "source_map", bundleMap());

        List<StackFrame> frames = bundleFramesCalleeFirst(sendAndReadFrames(projectId, "2.0"));

        assertThat(frames.getFirst().file()).as("the map of release 1.0 is not this event's; another project's never is")
                .isEqualTo(SERVED_AT);
        assertThat(frames.getFirst().function()).isEqualTo("c");
    }

    @Test
    void shouldStoreTheEventEvenIfItsMapIsBroken() throws Exception {
        artifacts.upload(owner, projectId, "2.0", null, "~/static/app.min.js", "source_map", bundleMap());
        // broken after upload (e.g. placed by hand): upload itself refuses broken maps, see below
        jdbc.sql("update artifacts set content = ? where project_id = ?").params("{\"version\": 3, \"mappings\": \"!!\"}".getBytes(), projectId).update();

        List<StackFrame> frames = bundleFramesCalleeFirst(sendAndReadFrames(projectId, "2.0"));

        assertThat(frames.getFirst().file()).isEqualTo(SERVED_AT);
    }

    @Test
    void shouldRefuseBrokenOversizedOrForeignUploadsWithoutStoringThem() throws Exception {
        byte[] map = bundleMap();
        assertThatThrownBy(() -> artifacts.upload(owner, projectId, "2.0", null, "~/a.js", "source_map", "{oops".getBytes()))
                .isInstanceOf(InvalidSourceMapException.class);
        assertThatThrownBy(() -> artifacts.upload(owner, projectId, "2.0", null, "~/a.js", "executable", map))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> artifacts.upload(owner, projectId, "2.0", null, "~/a.js", "source_map",
                new byte[(int) artifacts.maxSize() + 1])).isInstanceOf(ArtifactTooLargeException.class);
        Caller stranger = TestAccounts.member(users, "symbols-stranger");
        assertThatThrownBy(() -> artifacts.upload(stranger, projectId, "2.0", null, "~/a.js", "source_map", map))
                .isInstanceOf(NotFoundException.class);
        assertThat(artifacts.list(owner, projectId, null)).as("nothing stored").isEmpty();

        Artifact stored = artifacts.upload(owner, projectId, "2.0", null, "https://cdn.example/a.js?x=1", "source_map", map);
        assertThat(stored.name()).isEqualTo("~/a.js");
        assertThat(artifacts.upload(owner, projectId, "2.0", null, "/a.js", "source_map", map).name())
                .as("the same file again replaces it").isEqualTo("~/a.js");
        assertThat(artifacts.list(owner, projectId, "2.0")).hasSize(1);
        assertThatThrownBy(() -> artifacts.list(stranger, projectId, null)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> artifacts.delete(stranger, projectId, stored.id())).isInstanceOf(NotFoundException.class);
        artifacts.delete(owner, projectId, artifacts.list(owner, projectId, null).getFirst().id());
        assertThat(artifacts.list(owner, projectId, null)).isEmpty();
    }

    @Test
    void shouldNeverConnectToAFrameUrlEvenWhenNoMapIsUploaded() throws Exception {
        // A server on loopback that would hand out a map to anyone who asked; frames point at it and at the cloud
        // metadata address. Flytrap must not ask: maps come only from uploads.
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = bundleMapQuietly();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String local = "http://127.0.0.1:" + server.getAddress().getPort() + "/static/app.min.js";
            String body = """
                    {"data": {"error": {"name": "TypeError", "message": "x", "stack": "TypeError: x\\n    at c (%s:1:101)\\n    at e (http://169.254.169.254/latest/meta-data/app.js:1:47)"},
                              "project_id": %d, "release": "2.0"}}""".formatted(local, projectId);
            TestEvents.process(processor, projectId, body, clock.instant());

            long issueId = issues.search(owner, projectId, IssueFilter.all(), 0, 1).getFirst().id();
            List<StackFrame> frames = events.event(owner, issueId, null).orElseThrow().event().primaryException().frames();
            assertThat(frames).extracting(StackFrame::file).contains(local);
            assertThat(requests.get()).as("no request reached the server a frame pointed at").isZero();
        } finally {
            server.stop(0);
        }
    }

    private static byte[] bundleMapQuietly() {
        try {
            return Files.readAllBytes(built.resolve("esbuild/app.min.js.map"));
        } catch (java.io.IOException e) {
            return new byte[0];
        }
    }
}
