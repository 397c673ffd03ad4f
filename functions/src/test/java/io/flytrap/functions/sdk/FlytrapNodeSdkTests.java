package io.flytrap.functions.sdk;

import io.flytrap.testsupport.QueuedEvents;
import io.flytrap.core.access.Caller;
import io.flytrap.core.event.Event;
import io.flytrap.core.event.SourceLine;
import io.flytrap.core.event.StackFrame;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.core.projects.CreatedProject;
import io.flytrap.functions.RunningFlytrap;
import io.flytrap.functions.NodeScripts;
import io.flytrap.testsupport.JavaScriptSdks;
import io.flytrap.testsupport.TestAccounts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flytrap's own Node.js SDK (sdks/javascript/node, built from this repository) in a real Node process, with nothing but a
 * DSN: a handled exception, then an uncaught one that ends the process; both arrive as one issue whose frames say
 * which code is the app's and carry the code around them.
 */
class FlytrapNodeSdkTests extends RunningFlytrap {

    static final Path SCRIPT = JavaScriptSdks.root().resolve("javascript/node/test/fixtures/report-to-flytrap.mjs");

    @BeforeAll
    static void buildTheSdk() {
        JavaScriptSdks.nodeModule();
    }

    @Test
    void shouldReceiveHandledAndUncaughtExceptionsWithInAppFramesAndCodeContext() throws Exception {
        QueuedEvents.deleteAll(jdbc);
        Caller owner = TestAccounts.member(users, "flytrap-node");
        CreatedProject project = projects.create(owner, "Node API", "node");
        String dsn = dsn(project);

        NodeScripts.Finished node = NodeScripts.run(SCRIPT, dsn);
        String output = node.output();
        assertThat(node.exitCode()).as("Node's default for an uncaught exception, kept by the SDK: %s", output).isEqualTo(1);
        assertThat(output).as("the stack printed as Node prints it").contains("TypeError: cart.items is not iterable", "at checkout (");

        assertThat(jdbc.sql("select count(*) from queued_events where project_id = ?").param(project.project().id())
                .query(Long.class).single()).as("both exceptions arrived").isEqualTo(2);
        drain();

        List<IssueSummary> list = issues.search(owner, project.project().id(), IssueFilter.all(), 0, 10);
        assertThat(list).singleElement().satisfies(issue -> {
            assertThat(issue.title()).isEqualTo("TypeError: cart.items is not iterable");
            assertThat(issue.culprit()).isEqualTo("checkout in report-to-flytrap.mjs");
            assertThat(issue.eventCount()).isEqualTo(2);
            assertThat(issue.unhandled()).isTrue();
            assertThat(issue.userCount()).isEqualTo(1);
        });
        Event event = events.event(owner, list.getFirst().id(), null).orElseThrow().event();
        assertThat(event.release()).isEqualTo("api@3.1.0");
        assertThat(event.environment()).isEqualTo("production");
        assertThat(event.serverName()).isNotBlank();
        assertThat(event.user().email()).isEqualTo("grace@example.com");
        assertThat(event.tags()).containsEntry("service", "checkout-api");
        assertThat(event.breadcrumbs()).anySatisfy(crumb -> assertThat(crumb.message()).isEqualTo("SELECT * FROM carts"));
        assertThat(event.sdk().name()).isEqualTo("flytrap.node");
        assertThat(event.client().runtime()).startsWith("node v");
        assertThat(event.client().os()).isNotBlank();
        assertThat(event.contexts()).containsKeys("runtime", "os");

        List<StackFrame> frames = event.primaryException().frames();
        StackFrame thrower = frames.getLast();
        assertThat(thrower.function()).isEqualTo("checkout");
        assertThat(thrower.file()).isEqualTo(SCRIPT.toString());
        assertThat(thrower.inApp()).isTrue();
        assertThat(thrower.context()).hasSize(11)
                .contains(new SourceLine(thrower.line(), "  throw new TypeError('cart.items is not iterable');"))
                .contains(new SourceLine(thrower.line() - 1, "function checkout() {"));
        assertThat(frames).filteredOn(frame -> frame.file() != null && frame.file().startsWith("node:"))
                .as("Node's own frames (the timer that ran the handler)")
                .isNotEmpty().allSatisfy(frame -> {
                    assertThat(frame.inApp()).isFalse();
                    assertThat(frame.context()).isEmpty();
                });
    }
}
