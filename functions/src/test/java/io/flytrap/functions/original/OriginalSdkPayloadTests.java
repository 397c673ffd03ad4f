package io.flytrap.functions.original;

import io.flytrap.core.access.Caller;
import io.flytrap.core.event.Event;
import io.flytrap.core.event.ExceptionInfo;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What the original Flytrap SDKs really send (recorded from their own code, see {@link CapturedPost}) reaches a
 * running Flytrap over HTTP with the SDKs' header and paths and arrives whole: no 400, no dropped code context, no
 * browser frame left as {@code "at fn (url"}, no Flask error filed as {@code node}, no React render error losing a
 * frame or its context.
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

    @Test
    void shouldFileTheRenderErrorTheReactErrorBoundaryCaughtWithEveryFrameAndItsContext() throws Exception {
        CapturedPost post = CapturedPost.named("09-flytrap_react.json");
        // what flytrap_react's ErrorBoundary sends from componentDidCatch: the browser SDK's fields, no component stack
        assertThat(post.endpoint()).isEqualTo("/api/errors");
        assertThat(post.body().get("data").properties()).extracting(Map.Entry::getKey).containsExactly("error",
                "codeContexts", "handled", "timestamp", "project_id", "method", "path", "ip", "os", "browser");
        assertThat(post.body().at("/data/codeContexts")).hasSize(10);

        Received received = receive(post);

        assertThat(received.issue().title()).isEqualTo("TypeError: Cannot read properties of undefined (reading 'length')");
        assertThat(received.issue().culprit()).isEqualTo("CartTotal in app.js");
        assertThat(received.issue().unhandled()).isTrue();
        assertThat(received.issue().eventCount()).isEqualTo(1);
        Event event = received.event();
        assertThat(event.handled()).as("the SDK reports boundary errors as handled: false").isFalse();
        assertThat(event.platform()).isEqualTo("javascript");
        // the SDK's own time, while the recording is younger than the 30 days Relay (and Flytrap) believe a client's clock
        Instant sent = Instant.parse(post.body().at("/data/timestamp").stringValue());
        assertThat(event.occurredAt()).isEqualTo(sent.isBefore(event.receivedAt().minus(java.time.Duration.ofDays(30)))
                ? event.receivedAt() : sent);
        assertThat(event.client().browser()).isEqualTo("Chrome Headless 156.0.0.0");
        assertThat(event.client().os()).isEqualTo("Linux x86_64");
        assertThat(event.request()).isNull();
        ExceptionInfo exception = event.primaryException();
        assertThat(exception.type()).isEqualTo("TypeError");
        assertThat(exception.message()).isEqualTo("Cannot read properties of undefined (reading 'length')");
        assertThat(exception.rawStack()).isEqualTo(post.body().at("/data/error/stack").stringValue());
        // the component that threw last, then React's own (bundled, production) functions that rendered it
        assertThat(exception.frames()).extracting(StackFrame::function).containsExactly("MessagePort.R", "J", "Gk",
                "Nk", "Ik", "Tk", "Uk", "Vk", "Nh", "CartTotal");
        assertThat(exception.frames()).extracting(StackFrame::file).containsOnly("http://127.0.0.1:18765/react/app.js");
        StackFrame thrower = exception.frames().getLast();
        assertThat(thrower.line()).isEqualTo(11691);
        assertThat(thrower.column()).isEqualTo(18);
        assertThat(thrower.context()).hasSize(11).contains(new SourceLine(11691, "      cart.items.length"))
                .first().isEqualTo(new SourceLine(11686, "  var import_jsx_runtime2 = __toESM(require_jsx_runtime());"));
        // nothing dropped: each of the ten contexts the SDK sent is on its frame
        assertThat(exception.frames()).allSatisfy(frame -> assertThat(frame.context()).hasSize(11)
                .contains(new SourceLine(frame.line(), frame.context().get(5).code())));
    }

    @Test
    void shouldFileAnErrorThrownOutsideReactAsAnUnhandledErrorFromTheReactSdk() throws Exception {
        Received received = receive(CapturedPost.named("10-flytrap_react.json"));

        assertThat(received.issue().title()).isEqualTo("RangeError: coupon SPRING is out of range");
        assertThat(received.issue().culprit()).isEqualTo("applyCoupon in app.js");
        assertThat(received.event().handled()).isFalse();
        StackFrame thrower = received.event().primaryException().frames().getLast();
        assertThat(thrower.file()).isEqualTo("http://127.0.0.1:18765/react/app.js");
        assertThat(thrower.line()).isEqualTo(11703);
        assertThat(thrower.context()).contains(new SourceLine(11703, "      throw new RangeError(\"coupon SPRING is out of range\");"));
    }

    @Test
    void shouldShowTheStringTheReactAppRejectedWithAsAnUnhandledRejection() throws Exception {
        CapturedPost post = CapturedPost.named("11-flytrap_react.json");
        assertThat(post.endpoint()).isEqualTo("/api/rejections");

        Received received = receive(post);

        // the value as sent, not its JSON ("\"checkout timed out\"")
        assertThat(received.issue().title()).isEqualTo("UnhandledRejection: checkout timed out");
        assertThat(received.event().handled()).isFalse();
        assertThat(received.event().platform()).isEqualTo("javascript");
        assertThat(received.event().client().browser()).isEqualTo("Chrome Headless 156.0.0.0");
    }

    @Test
    void shouldKeepTheFramesAndRequestOfAnExceptionTheReactAppCapturedItself() throws Exception {
        CapturedPost post = CapturedPost.named("12-flytrap_react.json");
        // the SDK's regex keeps "at http://…" for frames without a function, fails to fetch that and sends no context
        assertThat(post.body().at("/data/codeContexts")).isEmpty();

        Received received = receive(post);

        assertThat(received.issue().title())
                .isEqualTo("SyntaxError: Expected property name or '}' in JSON at position 1 (line 1 column 2)");
        assertThat(received.issue().unhandled()).isFalse();
        assertThat(received.event().handled()).isTrue();
        assertThat(received.event().request().method()).isEqualTo("POST");
        assertThat(received.event().request().url()).isEqualTo("/checkout");
        // the frames come from the stack text even so: the app's two, then the engine's JSON.parse
        assertThat(received.event().primaryException().frames())
                .extracting(StackFrame::function, StackFrame::file, StackFrame::line, StackFrame::inApp)
                .containsExactly(tuple(null, "http://127.0.0.1:18765/react/app.js", 11698, true),
                        tuple(null, "http://127.0.0.1:18765/react/app.js", 11709, true),
                        tuple("JSON.parse", "<anonymous>", null, false));
        assertThat(received.issue().culprit()).isEqualTo("app.js");
    }

    @Test
    void shouldMakeEachReactRecordingOneIssueAndTheSameRenderErrorAgainOneMoreEventOfIt() throws Exception {
        Caller owner = TestAccounts.member(users, "original-react-all");
        CreatedProject project = projects.create(owner, "Original flytrap_react", "javascript");
        List<String> names = List.of("09-flytrap_react.json", "10-flytrap_react.json", "11-flytrap_react.json",
                "12-flytrap_react.json");
        for (String name : names) {
            assertThat(send(CapturedPost.named(name), project).statusCode()).as(name).isEqualTo(200);
        }
        assertThat(queued(project)).isEqualTo(4);
        drain();
        List<IssueSummary> four = issues.search(owner, project.project().id(), IssueFilter.all(), 0, 10);
        assertThat(four).hasSize(4).allSatisfy(issue -> assertThat(issue.eventCount()).isEqualTo(1));

        // another user's browser hits the same render error: the same issue, not a second one
        assertThat(send(CapturedPost.named("09-flytrap_react.json"), project).statusCode()).isEqualTo(200);
        drain();
        List<IssueSummary> after = issues.search(owner, project.project().id(), IssueFilter.all(), 0, 10);
        assertThat(after).hasSize(4);
        assertThat(after).filteredOn(issue -> issue.culprit() != null && issue.culprit().startsWith("CartTotal"))
                .singleElement().extracting(IssueSummary::eventCount).isEqualTo(2L);
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
