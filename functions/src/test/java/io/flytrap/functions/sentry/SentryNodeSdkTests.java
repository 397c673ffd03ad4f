package io.flytrap.functions.sentry;

import io.flytrap.testsupport.QueuedEvents;
import io.flytrap.core.access.Caller;
import io.flytrap.core.event.Event;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.core.projects.CreatedProject;
import io.flytrap.functions.RunningFlytrap;
import io.flytrap.functions.NodeScripts;
import io.flytrap.testsupport.TestAccounts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official @sentry/node SDK (npm, installed from the lock file on first run) in a real Node process, with
 * nothing but a Flytrap DSN: a handled exception, then an uncaught one that ends the process.
 */
class SentryNodeSdkTests extends RunningFlytrap {

    static final Path CLIENT = Path.of("src/test/node/sentry-node-client");

    @BeforeAll
    static void installTheSdk() throws Exception {
        if (!Files.isDirectory(CLIENT.resolve("node_modules/@sentry/node"))) {
            Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(CLIENT.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            assertThat(install.waitFor(5, TimeUnit.MINUTES)).as("npm ci finished").isTrue();
            assertThat(install.exitValue()).as("npm ci (needs Node.js and npm; test.sh runs on machines that have them)").isZero();
        }
    }

    @Test
    void shouldReceiveHandledAndUncaughtNodeExceptionsWithTheirContext() throws Exception {
        QueuedEvents.deleteAll(jdbc);
        Caller owner = TestAccounts.member(users, "sentry-node");
        CreatedProject project = projects.create(owner, "Node API", "node");
        String dsn = dsn(project);

        NodeScripts.Finished node = NodeScripts.run(CLIENT.resolve("send.mjs"), dsn);
        assertThat(node.exitCode()).as("Node's default for an uncaught exception, kept by Sentry: %s", node.output()).isEqualTo(1);

        assertThat(jdbc.sql("select count(*) from queued_events where project_id = ?").param(project.project().id())
                .query(Long.class).single()).as("both exceptions arrived").isEqualTo(2);
        drain();

        List<IssueSummary> list = issues.search(owner, project.project().id(), IssueFilter.all(), 0, 10);
        assertThat(list).singleElement().satisfies(issue -> {
            assertThat(issue.title()).isEqualTo("TypeError: cart.items is not iterable");
            assertThat(issue.culprit()).isEqualTo("checkout in send.mjs");
            assertThat(issue.eventCount()).isEqualTo(2);
            assertThat(issue.unhandled()).isTrue();
            assertThat(issue.userCount()).isEqualTo(1);
        });
        Event event = events.event(owner, list.getFirst().id(), null).orElseThrow().event();
        assertThat(event.release()).isEqualTo("api@3.1.0");
        assertThat(event.environment()).isEqualTo("production");
        assertThat(event.user().email()).isEqualTo("grace@example.com");
        assertThat(event.tags()).containsEntry("service", "checkout-api");
        assertThat(event.breadcrumbs()).anySatisfy(crumb -> assertThat(crumb.message()).isEqualTo("SELECT * FROM carts"));
        assertThat(event.sdk().name()).isEqualTo("sentry.javascript.node");
        assertThat(event.primaryException().frames().getLast().function()).isEqualTo("checkout");
        assertThat(event.primaryException().frames().getLast().inApp()).isTrue();
        assertThat(event.contexts()).containsKeys("runtime", "os");
    }
}
