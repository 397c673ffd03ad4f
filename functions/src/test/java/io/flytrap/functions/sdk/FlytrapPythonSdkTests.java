package io.flytrap.functions.sdk;

import io.flytrap.core.access.Caller;
import io.flytrap.core.event.Event;
import io.flytrap.core.event.ExceptionInfo;
import io.flytrap.core.event.Level;
import io.flytrap.core.event.SourceLine;
import io.flytrap.core.event.StackFrame;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.core.projects.CreatedProject;
import io.flytrap.functions.RunningFlytrap;
import io.flytrap.functions.PythonScripts;
import io.flytrap.testsupport.TestAccounts;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flytrap's own Python SDK (sdks/python, from this repository) in a real Python process with Debian's Flask,
 * sending over HTTP with nothing but a DSN: a Flask app's failing request arrives as an issue with its request,
 * in_app frames and code context, while its 404 and the error its own handler answers do not; a script that dies
 * of an uncaught exception still delivers it, marked unhandled.
 */
class FlytrapPythonSdkTests extends RunningFlytrap {

    static final Path SHOP = PythonScripts.fixture("shop.py");

    @Test
    void shouldReceiveAFlaskRequestErrorWithItsRequestInAppFramesAndCodeContextButNotItsNotFoundAnswers() throws Exception {
        Caller owner = TestAccounts.member(users, "flytrap-flask");
        CreatedProject project = projects.create(owner, "Flask shop", "python");

        PythonScripts.Finished python = PythonScripts.run(PythonScripts.fixture("report_flask_to_flytrap.py"), dsn(project));
        String output = python.output();
        assertThat(python.exitCode()).as(output).isZero();
        assertThat(output).as("the app's answers, unchanged by the SDK").contains(
                "/checkout/42?coupon=SPRING&token=abc 500", "/items/9 404 {\"description\":\"no item 9\",\"error\":\"not here\"}",
                "/reserve 409", "flushed True");
        assertThat(queued(project)).as("one event: neither the 404 nor the error the app's own handler answered").isEqualTo(1);
        drain();

        List<IssueSummary> list = issues.search(owner, project.project().id(), IssueFilter.all(), 0, 10);
        assertThat(list).singleElement().satisfies(issue -> {
            assertThat(issue.title()).isEqualTo("LookupError: cart 42 does not exist");
            assertThat(issue.culprit()).isEqualTo("load_cart in shop");
            assertThat(issue.unhandled()).isTrue();
            assertThat(issue.eventCount()).isEqualTo(1);
        });
        Event event = events.event(owner, list.getFirst().id(), null).orElseThrow().event();
        assertThat(event.handled()).isFalse();
        assertThat(event.platform()).isEqualTo("python");
        assertThat(event.release()).isEqualTo("shop@2.0.1");
        assertThat(event.environment()).isEqualTo("production");
        assertThat(event.serverName()).isNotBlank();
        assertThat(event.sdk().name()).isEqualTo("flytrap.python");
        assertThat(event.client().runtime()).startsWith("CPython 3.");
        assertThat(event.contexts()).containsKeys("runtime", "os");
        assertThat(event.primaryException().mechanism().type()).isEqualTo("flask");

        assertThat(event.request().method()).isEqualTo("GET");
        assertThat(event.request().url()).startsWith("http://localhost/checkout/42?coupon=SPRING&token=")
                .doesNotContain("token=abc");
        assertThat(event.request().headers()).containsEntry("User-Agent", "flytrap-test/1.0")
                .doesNotContainKey("Authorization");
        assertThat(event.tags()).containsEntry("route", "/checkout/<int:cart_id>").containsEntry("cart", "42")
                .containsEntry("service", "shop-web");
        assertThat(event.breadcrumbs()).extracting(crumb -> crumb.message())
                .containsSubsequence("GET /checkout/42", "loading cart 42");

        List<StackFrame> frames = event.primaryException().frames();
        StackFrame thrower = frames.getLast();
        assertThat(thrower.function()).isEqualTo("load_cart");
        assertThat(thrower.module()).isEqualTo("shop");
        assertThat(thrower.file()).isEqualTo(SHOP.toString());
        assertThat(thrower.inApp()).isTrue();
        assertThat(thrower.context()).hasSizeGreaterThanOrEqualTo(6)
                .contains(new SourceLine(thrower.line(), "        raise LookupError(\"cart %d does not exist\" % cart_id)"))
                .contains(new SourceLine(thrower.line() - 1, "    if cart_id not in carts:"));
        assertThat(frames.get(frames.size() - 2)).satisfies(view -> {
            assertThat(view.function()).isEqualTo("checkout");
            assertThat(view.inApp()).isTrue();
        });
        assertThat(frames).filteredOn(frame -> frame.file() != null && frame.file().contains("/flask/"))
                .as("Flask's own frames").isNotEmpty()
                .allSatisfy(frame -> {
                    assertThat(frame.inApp()).isFalse();
                    assertThat(frame.context()).as("code context for library frames too").isNotEmpty();
                });
    }

    @Test
    void shouldReceiveTheExceptionThatEndedAScriptMarkedUnhandled() throws Exception {
        Caller owner = TestAccounts.member(users, "flytrap-python");
        CreatedProject project = projects.create(owner, "Python worker", "python");
        Path script = PythonScripts.fixture("die_uncaught.py");

        PythonScripts.Finished python = PythonScripts.run(script, dsn(project));
        String output = python.output();
        assertThat(python.exitCode()).as("Python's exit code for an uncaught exception, kept: %s", output).isEqualTo(1);
        assertThat(output).as("the traceback printed as Python prints it")
                .contains("Traceback (most recent call last)", "RuntimeError: job 7 failed");
        assertThat(queued(project)).isEqualTo(1);
        drain();

        List<IssueSummary> list = issues.search(owner, project.project().id(), IssueFilter.all(), 0, 10);
        assertThat(list).singleElement().satisfies(issue -> {
            assertThat(issue.title()).isEqualTo("RuntimeError: job 7 failed");
            assertThat(issue.culprit()).isEqualTo("run_job in __main__");
            assertThat(issue.unhandled()).isTrue();
            assertThat(issue.userCount()).isEqualTo(1);
        });
        Event event = events.event(owner, list.getFirst().id(), null).orElseThrow().event();
        assertThat(event.handled()).as("the original SDK sent a timestamp here").isFalse();
        assertThat(event.level()).isEqualTo(Level.FATAL);
        assertThat(event.user().email()).isEqualTo("ada@example.com");
        assertThat(event.breadcrumbs()).anySatisfy(crumb -> assertThat(crumb.message()).isEqualTo("picked job 7"));
        assertThat(event.request()).as("no request outside a web app").isNull();
        assertThat(event.exceptions()).extracting(ExceptionInfo::type).containsExactly("ValueError", "RuntimeError");
        assertThat(event.primaryException().mechanism().type()).isEqualTo("excepthook");
        StackFrame thrower = event.primaryException().frames().getLast();
        assertThat(thrower.file()).isEqualTo(script.toString());
        assertThat(thrower.inApp()).isTrue();
        assertThat(thrower.context()).hasSizeGreaterThanOrEqualTo(6)
                .contains(new SourceLine(thrower.line(), "        raise RuntimeError(\"job 7 failed\") from error"))
                .contains(new SourceLine(thrower.line() - 1, "    except ValueError as error:"));
        assertThat(event.exceptions().getFirst().frames().getLast().function()).isEqualTo("parse_order");
    }
}
