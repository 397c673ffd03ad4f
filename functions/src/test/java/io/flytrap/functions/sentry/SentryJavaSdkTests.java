package io.flytrap.functions.sentry;

import io.flytrap.testsupport.QueuedEvents;
import io.flytrap.core.access.Caller;
import io.flytrap.core.event.Event;
import io.flytrap.core.event.ExceptionInfo;
import io.flytrap.core.event.StackFrame;
import io.flytrap.core.grouping.Fingerprinter;
import io.flytrap.core.grouping.Grouping;
import io.flytrap.core.grouping.InAppRules;
import io.flytrap.core.protocol.SentryEventParser;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.core.projects.CreatedProject;
import io.flytrap.functions.RunningFlytrap;
import io.flytrap.testsupport.TestAccounts;
import io.sentry.Breadcrumb;
import io.sentry.Sentry;
import io.sentry.SentryLevel;
import io.sentry.protocol.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official Sentry Java SDK (io.sentry:sentry), configured with nothing but a Flytrap DSN, reports a handled and
 * an uncaught exception; both arrive grouped into one issue with frames, release, environment, user, tags and
 * breadcrumbs.
 */
class SentryJavaSdkTests extends RunningFlytrap {

    Caller owner;
    CreatedProject project;

    @BeforeEach
    void projectAndSdk() {
        QueuedEvents.deleteAll(jdbc);
        owner = TestAccounts.member(users, "sentry-java");
        project = projects.create(owner, "JVM service", "java");
        Sentry.init(options -> {
            options.setDsn("http://" + project.key().publicKey() + "@127.0.0.1:" + port + "/" + project.project().id());
            options.setRelease("shop@2.4.1");
            options.setEnvironment("staging");
            options.addInAppInclude("io.flytrap");
            options.setFlushTimeoutMillis(5_000);
        });
        User user = new User();
        user.setId("user-42");
        user.setEmail("ada@example.com");
        Sentry.setUser(user);
        Sentry.setTag("region", "eu-west-1");
        Breadcrumb breadcrumb = new Breadcrumb("GET /cart");
        breadcrumb.setCategory("http");
        breadcrumb.setLevel(SentryLevel.INFO);
        Sentry.addBreadcrumb(breadcrumb);
    }

    @AfterEach
    void closeSdk() {
        Sentry.close();
    }

    static void checkout() {
        throw new IllegalStateException("cart 42 is empty", new IllegalArgumentException("no items"));
    }

    @Test
    void shouldReceiveHandledAndUncaughtExceptionsAsOneIssueWithTheirContext() throws Exception {
        try {
            checkout();
        } catch (IllegalStateException handled) {
            Sentry.captureException(handled);
        }
        // What the JVM does with an exception nobody caught: hand it to the default handler Sentry installed
        Thread thread = new Thread(() -> { });
        try {
            checkout();
        } catch (IllegalStateException uncaught) {
            Thread.getDefaultUncaughtExceptionHandler().uncaughtException(thread, uncaught);
        }
        Sentry.flush(5_000);

        assertThat(jdbc.sql("select count(*) from queued_events where project_id = ? and protocol = 'sentry-event'")
                .param(project.project().id()).query(Long.class).single()).isEqualTo(2);
        drain();

        List<IssueSummary> list = issues.search(owner, project.project().id(), IssueFilter.all(), 0, 10);
        assertThat(list).as("same type, same throwing frame: one issue").singleElement().satisfies(issue -> {
            assertThat(issue.title()).isEqualTo("IllegalStateException: cart 42 is empty");
            assertThat(issue.eventCount()).isEqualTo(2);
            assertThat(issue.unhandled()).as("one of them was uncaught").isTrue();
            assertThat(issue.culprit()).contains("checkout");
        });
        Event event = events.event(owner, list.getFirst().id(), null).orElseThrow().event();
        assertThat(event.release()).isEqualTo("shop@2.4.1");
        assertThat(event.environment()).isEqualTo("staging");
        assertThat(event.user().id()).isEqualTo("user-42");
        assertThat(event.user().email()).isEqualTo("ada@example.com");
        assertThat(event.tags()).containsEntry("region", "eu-west-1");
        assertThat(event.breadcrumbs()).anySatisfy(crumb -> assertThat(crumb.message()).isEqualTo("GET /cart"));
        assertThat(event.sdk().name()).isEqualTo("sentry.java");
        assertThat(event.exceptions()).extracting(ExceptionInfo::type)
                .containsExactly("IllegalArgumentException", "IllegalStateException");
        ExceptionInfo thrown = event.primaryException();
        assertThat(thrown.frames()).isNotEmpty();
        assertThat(thrown.frames().getLast().function()).isEqualTo("checkout");
        assertThat(thrown.frames().getLast().inApp()).isTrue();
        assertThat(thrown.frames().getLast().line()).isPositive();
        assertThat(event.contexts()).containsKey("runtime");
    }

    /** App code that fails inside the JDK: the innermost frames are java.lang's, which the SDK leaves in_app unset. */
    static int parseQuantity(String text) {
        return Integer.parseInt(text);
    }

    private StackFrameView captureParseQuantityAndDrain() {
        try {
            parseQuantity("two");
        } catch (NumberFormatException handled) {
            Sentry.captureException(handled);
        }
        Sentry.flush(5_000);
        drain();
        IssueSummary issue = issues.search(owner, project.project().id(), IssueFilter.all(), 0, 10).getFirst();
        return new StackFrameView(issue, events.event(owner, issue.id(), null).orElseThrow().event().primaryException().frames());
    }

    private record StackFrameView(IssueSummary issue, List<StackFrame> frames) {
        StackFrame frame(String function) {
            return frames.stream().filter(f -> function.equals(f.function())).findFirst().orElseThrow();
        }
    }

    @Test
    void shouldBlameTheAppFrameNotTheJdkFramesTheSdkLeftUnset() {
        StackFrameView seen = captureParseQuantityAndDrain();

        assertThat(seen.issue().culprit()).as("must NOT be forInputString in java.lang.NumberFormatException")
                .isEqualTo("parseQuantity in " + SentryJavaSdkTests.class.getName());
        assertThat(seen.frame("parseInt").inApp()).as("java.lang.Integer is not the app's code").isFalse();
        assertThat(seen.frame("parseQuantity").inApp()).isTrue();
    }

    @Test
    void shouldTakeTheProjectsInAppRulesWhenTheSdkHasNoInAppPackages() {
        Sentry.close();
        Sentry.init(options -> {
            options.setDsn(dsn(project));
            options.setFlushTimeoutMillis(5_000);
        });
        projects.updateInAppRules(owner, project.project().id(),
                new InAppRules(List.of(SentryJavaSdkTests.class.getPackageName() + "."), List.of()));

        StackFrameView seen = captureParseQuantityAndDrain();

        assertThat(seen.frame("parseQuantity").inApp()).as("the project's rule decides what the SDK left unset").isTrue();
        assertThat(seen.frame("parseInt").inApp()).isFalse();
        assertThat(seen.issue().culprit()).isEqualTo("parseQuantity in " + SentryJavaSdkTests.class.getName());
    }

    @Test
    void shouldKeepSendingTheErrorToTheIssueGroupingVersion2Created() throws Exception {
        try {
            parseQuantity("two");
        } catch (NumberFormatException handled) {
            Sentry.captureException(handled);
        }
        Sentry.flush(5_000);
        // What grouping version 2 made of exactly this SDK payload: it took the unset JDK frames as the app's
        byte[] payload = jdbc.sql("select payload from queued_events where project_id = ?").param(project.project().id())
                .query(byte[].class).single();
        Grouping grouping = Fingerprinter.group(new SentryEventParser().parse(payload, project.project().id(),
                UUID.randomUUID(), Instant.now()));
        String version2 = grouping.previous().getFirst().fingerprint();
        drain();
        // The issue as version 2 had created it before the upgrade
        jdbc.sql("update issues set grouping_version = 2, fingerprint = ? where project_id = ?")
                .params(version2, project.project().id()).update();
        assertThat(jdbc.sql("select count(*) from issues where project_id = ? and grouping_version = 3")
                .param(project.project().id()).query(Long.class).single()).isZero();

        StackFrameView seen = captureParseQuantityAndDrain();

        assertThat(issues.search(owner, project.project().id(), IssueFilter.all(), 0, 10))
                .as("must NOT split into a version 3 issue").singleElement()
                .extracting(IssueSummary::eventCount).isEqualTo(2L);
        assertThat(jdbc.sql("select grouping_version from issues where project_id = ?").param(project.project().id())
                .query(Integer.class).single()).isEqualTo(2);
        Event stored = events.event(owner, seen.issue().id(), null).orElseThrow().event();
        assertThat(Fingerprinter.group(stored).fingerprint()).as("version 3 alone would have opened a new issue")
                .isNotEqualTo(version2);
    }
}
