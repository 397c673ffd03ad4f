package io.flytrap.functions.original;

import io.flytrap.core.access.Caller;
import io.flytrap.core.event.Event;
import io.flytrap.core.event.SourceLine;
import io.flytrap.core.event.StackFrame;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.core.projects.CreatedProject;
import io.flytrap.functions.RunningFlytrap;
import io.flytrap.testsupport.TestAccounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the original Flytrap SDKs really send (recorded from their own code, see {@link CapturedPost}) reaches a
 * running Flytrap over HTTP with the SDKs' header and paths and arrives whole: no 400, no dropped code context, no
 * browser frame left as {@code "at fn (url"}, no Flask error filed as {@code node}.
 */
class OriginalSdkPayloadTests extends RunningFlytrap {

    private final HttpClient http = HttpClient.newHttpClient();

    static List<CapturedPost> everyRecording() {
        return CapturedPost.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRecording")
    void shouldAcceptEveryRequestTheOriginalSdksSentAndMakeItAnIssue(CapturedPost post) throws Exception {
        Caller owner = TestAccounts.member(users, "original-" + post.sdk());
        CreatedProject project = projects.create(owner, "Original " + post.sdk(), "javascript");

        HttpResponse<String> response = send(post, project);

        assertThat(response.statusCode()).as("must not refuse what the original SDK sent: %s", response.body()).isEqualTo(200);
        assertThat(queued(project)).isEqualTo(1);
        drain();
        assertThat(issues.search(owner, project.project().id(), IssueFilter.all(), 0, 10)).hasSize(1);
    }

    @Test
    void shouldAcceptPromiseRejectWithNoValueFromTheBrowserAndFromExpress() throws Exception {
        for (String name : List.of("04-flytrap_javascript.json", "03-flytrap_express.json")) {
            CapturedPost post = CapturedPost.named(name);
            assertThat(post.body().get("data").has("value")).as("what Promise.reject() makes the SDK send").isFalse();

            Received received = receive(post);

            // must not be a 400 that loses the event
            assertThat(received.issue().title()).isEqualTo("UnhandledRejection: undefined");
            assertThat(received.event().handled()).isFalse();
        }
    }

    @Test
    void shouldKeepTheCodeContextTheExpressSdkSendsAsAJsonString() throws Exception {
        Event event = receive(CapturedPost.named("02-flytrap_express.json")).event();

        StackFrame thrower = event.primaryException().frames().getLast();
        assertThat(thrower.file()).endsWith("/app/shop.js");
        assertThat(thrower.line()).isEqualTo(8);
        // must not drop the context because it is a JSON string rather than an object
        assertThat(thrower.context()).contains(new SourceLine(8, "  res.json({ total: order.total });"))
                .first().isEqualTo(new SourceLine(3, "const flytrap = require(process.env.ORIGINAL_SDK).default;"));
        assertThat(event.platform()).isEqualTo("node");
        assertThat(event.client().runtime()).startsWith("Node.js v");
        assertThat(event.request().url()).isEqualTo("/orders/7");
    }

    @Test
    void shouldPutTheBrowserSdksContextOnTheFrameItsFileNamesWithTheFunctionInIt() throws Exception {
        CapturedPost post = CapturedPost.named("05-flytrap_javascript.json");
        assertThat(post.body().at("/data/codeContexts/0/file").stringValue()).as("what the browser SDK sends")
                .startsWith("at renderPrice (http://");

        Received received = receive(post);

        StackFrame thrower = received.event().primaryException().frames().getLast();
        assertThat(thrower.function()).isEqualTo("renderPrice");
        assertThat(thrower.file()).isEqualTo("http://127.0.0.1:18765/app.js");
        assertThat(thrower.line()).isEqualTo(4);
        assertThat(thrower.column()).isEqualTo(21);
        // must not lose the context because the file does not match "at renderPrice (http://…/app.js"
        assertThat(thrower.context()).contains(new SourceLine(4, "  return cart.total.toFixed(2);"));
        assertThat(received.event().primaryException().frames()).extracting(StackFrame::file)
                .noneMatch(file -> file.startsWith("at "));
        assertThat(received.issue().culprit()).isEqualTo("renderPrice in app.js");
        assertThat(received.event().platform()).isEqualTo("javascript");
        assertThat(received.event().handled()).isTrue();
    }

    @Test
    void shouldFileFlaskErrorsAsPythonWithTheirCodeContext() throws Exception {
        Received received = receive(CapturedPost.named("06-flytrap_flask.json"));

        Event event = received.event();
        // must not be filed as node: the runtime is "Python/3.x"
        assertThat(event.platform()).isEqualTo("python");
        assertThat(event.client().runtime()).startsWith("Python/3.");
        assertThat(received.issue().title()).isEqualTo("ZeroDivisionError: division by zero");
        StackFrame thrower = event.primaryException().frames().getLast();
        assertThat(thrower.function()).isEqualTo("refund");
        assertThat(thrower.context()).contains(new SourceLine(24, "        return {\"refunded\": 1 / 0}"));
        assertThat(event.request().method()).isEqualTo("GET");
        assertThat(event.request().url()).isEqualTo("/refund");
    }

    private record Received(IssueSummary issue, Event event) {
    }

    private Received receive(CapturedPost post) throws Exception {
        Caller owner = TestAccounts.member(users, "original-" + post.sdk());
        CreatedProject project = projects.create(owner, "Original " + post.sdk(), "javascript");
        HttpResponse<String> response = send(post, project);
        assertThat(response.statusCode()).as("%s: %s", post, response.body()).isEqualTo(200);
        drain();
        IssueSummary issue = issues.search(owner, project.project().id(), IssueFilter.all(), 0, 10).getFirst();
        return new Received(issue, events.event(owner, issue.id(), null).orElseThrow().event());
    }

    /** As the SDKs post: JSON body, the project's key in x-api-key. */
    private HttpResponse<String> send(CapturedPost post, CreatedProject project) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + post.endpoint()))
                        .header("content-type", "application/json").header("x-api-key", project.key().publicKey())
                        .POST(HttpRequest.BodyPublishers.ofString(post.bodyFor(project.project().id()))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
