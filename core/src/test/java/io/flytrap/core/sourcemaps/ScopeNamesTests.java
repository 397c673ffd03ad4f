package io.flytrap.core.sourcemaps;

import io.flytrap.core.access.Caller;
import io.flytrap.core.event.Event;
import io.flytrap.core.event.StackFrame;
import io.flytrap.core.grouping.Fingerprinter;
import io.flytrap.core.grouping.Grouping;
import io.flytrap.core.grouping.InAppClassifier;
import io.flytrap.core.grouping.InAppRules;
import io.flytrap.core.issues.EventQueries;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.MutableClock;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.TestEvents;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #18: one small app built twice, the second build with unrelated code added so that every minified name
 * changes; each build run in Node and its real stacks sent as a browser would send them. A handler called through
 * {@code fn.apply} and a listener called by the runtime's EventTarget have no call site that names them: only the
 * source map's scopes (where the enclosing function is defined in the generated code) give their original names.
 * The same errors of both builds must land in the same issues.
 */
@SpringBootTest(classes = CoreTestApplication.class, properties = "flytrap.sourcemaps.lookup-cache-ttl=0s")
@UsesTestDatabase
class ScopeNamesTests {

    static final String SERVED_AT = "https://shop.example/static/app.min.js";
    private static final Pattern FIRST_FRAME_NAME = Pattern.compile("\\n\\s+at (\\S+) \\(");

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
    Symbolicator symbolicator;
    @Autowired
    JdbcClient jdbc;

    static Path built;

    @BeforeAll
    static void buildTwiceWithRealMinifiers() throws Exception {
        built = MinifiedFixtures.built();
    }

    private record Stack(String which, String text) {
    }

    private static List<Stack> stacks(String tool, String build) throws Exception {
        Path dir = built.resolve("scopes").resolve(tool).resolve(build);
        JsonNode printed = JsonMapper.builder().build().readTree(Files.readString(dir.resolve("stacks.json")));
        List<Stack> stacks = new ArrayList<>();
        for (JsonNode one : printed) {
            // As a browser reports it: the bundle at its URL, not a path on disk
            stacks.add(new Stack(one.get("which").stringValue(), one.get("stack").stringValue()
                    .replace(dir.resolve("app.min.js").toAbsolutePath().toString(), SERVED_AT)));
        }
        return stacks;
    }

    private static String minifiedName(Stack stack) {
        Matcher m = FIRST_FRAME_NAME.matcher(stack.text());
        return m.find() ? m.group(1) : null;
    }

    private void send(long projectId, String release, Stack stack) {
        TestEvents.process(processor, projectId, body(projectId, release, stack), clock.instant());
    }

    private static String body(long projectId, String release, Stack stack) {
        String firstLine = stack.text().lines().findFirst().orElseThrow();
        String type = firstLine.substring(0, firstLine.indexOf(':'));
        return """
                {"data": {"error": {"name": %s, "message": %s, "stack": %s}, "project_id": %d, "release": "%s"}}"""
                .formatted(json(type), json(firstLine.substring(type.length() + 2)), json(stack.text()), projectId, release);
    }

    private void uploadBuild(Caller owner, long projectId, String tool, String build) throws Exception {
        Path dir = built.resolve("scopes").resolve(tool).resolve(build);
        // what sentry-cli uploads for a release: the map and the minified file beside it
        artifacts.upload(owner, projectId, build, null, "~/static/app.min.js", "source_map",
                Files.readAllBytes(dir.resolve("app.min.js.map")));
        artifacts.upload(owner, projectId, build, null, "~/static/app.min.js", "minified_source",
                Files.readAllBytes(dir.resolve("app.min.js")));
    }

    private static String json(String value) {
        return JsonMapper.builder().build().writeValueAsString(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"esbuild", "terser"})
    void shouldGroupTheSameErrorsOfTwoBuildsIntoTheSameIssuesUnderTheirOriginalNames(String tool) throws Exception {
        Caller owner = TestAccounts.member(users, "scopes-" + tool);
        long projectId = projects.create(owner, "Shop", "javascript").project().id();
        List<Stack> first = stacks(tool, "first");
        List<Stack> next = stacks(tool, "next");
        assertThat(first).extracting(Stack::which).containsExactly("checkout", "coupon");
        assertThat(next).extracting(Stack::which).containsExactly("checkout", "coupon");
        assertThat(minifiedName(next.get(1))).as("the precondition: the next build renamed the listener")
                .isNotEqualTo(minifiedName(first.get(1)));
        uploadBuild(owner, projectId, tool, "first");
        uploadBuild(owner, projectId, tool, "next");

        for (Stack stack : first) {
            send(projectId, "first", stack);
        }
        for (Stack stack : next) {
            send(projectId, "next", stack);
        }

        List<IssueSummary> list = issues.search(owner, projectId, IssueFilter.all(), 0, 10);
        assertThat(list).as("one issue per error, both builds in it: the next build must NOT open new issues")
                .hasSize(2).allSatisfy(issue -> assertThat(issue.eventCount()).isEqualTo(2));
        IssueSummary coupon = list.stream().filter(i -> i.title().startsWith("RangeError")).findFirst().orElseThrow();
        assertThat(coupon.culprit()).as("the listener's original name, not EventTarget.<minified>")
                .startsWith("onCouponApplied in ");
        IssueSummary checkout = list.stream().filter(i -> i.title().startsWith("TypeError")).findFirst().orElseThrow();
        List<StackFrame> frames = events.event(owner, checkout.id(), null).orElseThrow().event().primaryException().frames();
        assertThat(frames).extracting(StackFrame::function).as("the handler called through fn.apply, by its own name")
                .contains("handleCheckout");
    }

    @Test
    void shouldKeepSendingTheListenersErrorToTheIssueVersion2Created() throws Exception {
        Caller owner = TestAccounts.member(users, "scopes-v2");
        long projectId = projects.create(owner, "Shop", "javascript").project().id();
        uploadBuild(owner, projectId, "esbuild", "first");
        Stack coupon = stacks("esbuild", "first").get(1);
        send(projectId, "first", coupon);
        // What version 2 made of this event: the listener under its minified name, EventTarget.p
        Event parsed = new NativePayloadParser().parse(NativePayloadParser.ERROR_PROTOCOL,
                body(projectId, "first", coupon).getBytes(StandardCharsets.UTF_8), UUID.randomUUID(), clock.instant());
        Symbolicator.Symbolicated symbolicated = symbolicator.symbolicate(parsed);
        Grouping grouping = Fingerprinter.group(InAppClassifier.classify(symbolicated.event(), InAppRules.NONE),
                symbolicated.asVersion2Saw());
        String version2 = grouping.previous().getFirst().fingerprint();
        assertThat(version2).as("the names differ, so the fingerprints do").isNotEqualTo(grouping.fingerprint());
        // The issue as version 2 had created it before the upgrade
        jdbc.sql("update issues set grouping_version = 2, fingerprint = ? where project_id = ?").params(version2, projectId).update();

        send(projectId, "first", coupon);

        assertThat(issues.search(owner, projectId, IssueFilter.all(), 0, 10)).as("must NOT split into a version 3 issue")
                .singleElement().extracting(IssueSummary::eventCount).isEqualTo(2L);
    }
}
