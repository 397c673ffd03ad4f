package io.flytrap.core.issues;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.issues.IssueActivity.Entry;
import io.flytrap.core.issues.IssueActivity.Kind;
import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.MutableClock;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.TestEvents;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * "Resolve in the next release" as Sentry means it, and the history the issue page shows: status changes with who
 * made them (one at a time and in bulk), regressions with their release, first seen, all against real PostgreSQL.
 */
@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
class IssueActivityTests {

    @Autowired
    EventProcessor processor;
    @Autowired
    IssueStatusService status;
    @Autowired
    IssueQueries issues;
    @Autowired
    IssueActivity activity;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcClient jdbc;

    Caller owner;
    long projectId;
    long issueId;

    @BeforeEach
    void issueSeenInTwoReleases() {
        owner = TestAccounts.member(users, "lifecycle");
        projectId = projects.create(owner, "Lifecycle", null).project().id();
        send("1.4.1");
        send("1.4.2"); // first seen after 1.4.1: the current release
        issueId = issues.search(owner, projectId, IssueFilter.all(), 0, 1).getFirst().id();
    }

    private void send(String release) {
        clock.advance(Duration.ofSeconds(1));
        String body = """
                {"data": {"error": {"name": "TypeError", "message": "x", "stack": "TypeError: x\\n    at pay (app.js:1:1)"},
                          "project_id": %d %s}}""".formatted(projectId, release == null ? "" : ", \"release\": \"" + release + "\"");
        TestEvents.process(processor, projectId, body, clock.instant());
    }

    private IssueSummary issue() {
        return issues.get(owner, issueId);
    }

    private List<Kind> kinds() {
        return activity.timeline(owner, issueId).stream().map(Entry::kind).toList();
    }

    @Test
    void shouldResolveInTheReleaseAfterTheCurrentOneAndStayResolvedForEventsOfTheCurrentOrOlderReleases() {
        IssueSummary resolved = status.resolveInNextRelease(owner, issueId);
        assertThat(resolved.status()).isEqualTo("resolved");
        assertThat(resolved.resolvedIn()).as("the release current when resolving").isEqualTo("1.4.2");
        assertThat(resolved.resolvedInNextRelease()).isTrue();

        send("1.4.2");
        send("1.4.1");
        send(null);

        assertThat(issue().status()).as("the current build still has the bug: not a regression").isEqualTo("resolved");
        assertThat(issue().regressedAt()).isNull();
        assertThat(kinds()).doesNotContain(Kind.REGRESSED);
    }

    @Test
    void shouldRegressOnAnEventFromAReleaseNewerThanTheCurrentOne() {
        status.resolveInNextRelease(owner, issueId);

        send("1.5.0");

        IssueSummary reopened = issue();
        assertThat(reopened.status()).isEqualTo("unresolved");
        assertThat(reopened.regressedAt()).isNotNull();
        assertThat(reopened.resolvedIn()).isNull();
        assertThat(reopened.resolvedInNextRelease()).isFalse();
        Entry regression = activity.timeline(owner, issueId).getLast();
        assertThat(regression.kind()).isEqualTo(Kind.REGRESSED);
        assertThat(regression.detail("release")).isEqualTo("1.5.0");
        assertThat(regression.actorUserId()).as("Flytrap reopened it, nobody did").isNull();
        assertThat(regression.at()).isEqualTo(reopened.regressedAt());
    }

    @Test
    void shouldRegressOnlyOnceWhenANewerReleaseKeepsSendingAfterTheRegression() {
        status.resolveInNextRelease(owner, issueId);
        send("1.5.0");
        send("1.5.0");

        assertThat(kinds().stream().filter(Kind.REGRESSED::equals)).hasSize(1);
        assertThat(jdbc.sql("select times_regressed from issues where id = ?").param(issueId).query(Integer.class).single())
                .isEqualTo(1);
    }

    @Test
    void shouldKeepResolvingInAGivenReleaseAsBeforeBesideTheNextReleaseFlag() {
        status.resolve(owner, issueId, "1.4.2");
        assertThat(issue().resolvedInNextRelease()).isFalse();

        send("1.4.2");

        assertThat(issue().status()).as("resolved in 1.4.2 itself: its events prove the fix failed").isEqualTo("unresolved");
    }

    @Test
    void shouldRefuseTheNextReleaseWhenTheProjectHasSeenNoReleaseAndChangeNothing() {
        long bare = projects.create(owner, "No releases", null).project().id();
        TestEvents.process(processor, bare, """
                {"data": {"error": {"name": "Error", "message": "y", "stack": "Error: y\\n    at a (b.js:1:1)"},
                          "project_id": %d}}""".formatted(bare), clock.instant());
        long unreleased = issues.search(owner, bare, IssueFilter.all(), 0, 1).getFirst().id();

        assertThatThrownBy(() -> status.resolveInNextRelease(owner, unreleased))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no release");
        assertThat(issues.get(owner, unreleased).status()).isEqualTo("unresolved");
        assertThat(activity.timeline(owner, unreleased)).extracting(Entry::kind).containsExactly(Kind.FIRST_SEEN);
    }

    @Test
    void shouldNameTheCurrentReleaseAsTheOneFirstSeenLast() {
        assertThat(status.currentRelease(owner, projectId)).contains("1.4.2");
        send("1.4.1"); // seen again, but first seen earlier
        assertThat(status.currentRelease(owner, projectId)).contains("1.4.2");
    }

    @Test
    void shouldRecordEachStatusChangeWithWhoMadeItInOrderAfterFirstSeen() {
        Caller colleague = TestAccounts.member(users, "colleague");
        jdbc.sql("insert into project_members (project_id, user_id) values (?, ?)").params(projectId, colleague.userId()).update();

        status.resolveInNextRelease(owner, issueId);
        clock.advance(Duration.ofSeconds(1));
        status.reopen(colleague, issueId);
        clock.advance(Duration.ofSeconds(1));
        status.ignore(owner, issueId, Duration.ofHours(1), null);
        clock.advance(Duration.ofSeconds(1));
        status.resolveAll(colleague, List.of(issueId));

        List<Entry> timeline = activity.timeline(owner, issueId);
        assertThat(timeline).extracting(Entry::kind)
                .containsExactly(Kind.FIRST_SEEN, Kind.RESOLVED, Kind.REOPENED, Kind.IGNORED, Kind.RESOLVED);
        assertThat(timeline.getFirst().detail("release")).isEqualTo("1.4.1");
        assertThat(timeline.get(1).actorUserId()).isEqualTo(owner.userId());
        assertThat(timeline.get(1).details()).containsEntry("release", "1.4.2").containsEntry("nextRelease", true);
        assertThat(timeline.get(2).actorUserId()).isEqualTo(colleague.userId());
        assertThat(timeline.get(2).actor()).startsWith("colleague-");
        assertThat(timeline.get(3).details()).containsEntry("forSeconds", 3600);
        assertThat(timeline.get(4).details()).as("from the list's bulk action").containsEntry("bulk", true);
        assertThat(timeline.get(4).actorUserId()).isEqualTo(colleague.userId());
    }

    @Test
    void shouldRecordNothingWhenAStatusChangeIsRefused() {
        Caller stranger = TestAccounts.member(users, "stranger");

        assertThatThrownBy(() -> status.resolve(stranger, issueId, null)).isInstanceOf(NotFoundException.class);
        assertThat(status.resolveAll(stranger, List.of(issueId))).isZero();
        assertThatThrownBy(() -> activity.timeline(stranger, issueId)).isInstanceOf(NotFoundException.class);

        assertThat(kinds()).containsExactly(Kind.FIRST_SEEN);
    }

    @Test
    void shouldDeleteTheHistoryWithTheIssue() {
        status.resolve(owner, issueId, null);
        assertThat(count()).isEqualTo(1);

        status.delete(owner, issueId);

        assertThat(count()).isZero();
    }

    private long count() {
        return jdbc.sql("select count(*) from issue_activity where issue_id = ?").param(issueId).query(Long.class).single();
    }

    @Test
    void shouldRecordOnlyInsideTheTransactionOfTheChange() {
        assertThatThrownBy(() -> activity.recordAll(List.of(issueId), Kind.REOPENED, null, java.util.Map.of()))
                .isInstanceOf(org.springframework.transaction.IllegalTransactionStateException.class);
    }
}
