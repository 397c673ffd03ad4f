package io.flytrap.core.issues;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.NotFoundException;

import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.projects.ProjectService;

import io.flytrap.core.users.Role;
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

import java.time.Duration;
import java.util.List;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
class IssueLifecycleTests {

    @Autowired
    EventProcessor processor;
    @Autowired
    IssueStatusService status;
    @Autowired
    IssueQueries issues;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    MutableClock clock;

    Caller owner;
    long projectId;
    long issueId;

    @BeforeEach
    void issueSeenInRelease1() {
        owner = TestAccounts.member(users, "triage");
        projectId = projects.create(owner, "Triage", null).project().id();
        send("1.0");
        issueId = issues.search(owner, projectId, IssueFilter.all(), 0, 1).getFirst().id();
    }

    private void send(String release) {
        String body = """
                {"data": {"error": {"name": "TypeError", "message": "x", "stack": "TypeError: x\\n    at pay (app.js:1:1)"},
                          "project_id": %d %s}}""".formatted(projectId, release == null ? "" : ", \"release\": \"" + release + "\"");
        TestEvents.process(processor, projectId, body, clock.instant());
    }

    private IssueSummary issue() {
        return issues.get(owner, issueId);
    }

    @Test
    void shouldReopenAResolvedIssueAsARegressionOnItsNextEvent() {
        status.resolve(owner, issueId, null);
        assertThat(issue().status()).isEqualTo("resolved");

        clock.advance(Duration.ofMinutes(1));
        send("1.0");

        IssueSummary reopened = issue();
        assertThat(reopened.status()).isEqualTo("unresolved");
        assertThat(reopened.regressedAt()).isEqualTo(reopened.lastSeen());
        assertThat(reopened.eventCount()).isEqualTo(2);
    }

    @Test
    void shouldStayResolvedInReleaseForEventsOfOlderReleasesAndRegressForTheFixedOrNewerOnes() {
        status.resolve(owner, issueId, "2.0");

        send("1.0");
        send(null);
        assertThat(issue().status()).as("old release, or no release: not proof the fix failed").isEqualTo("resolved");
        assertThat(issue().resolvedIn()).isEqualTo("2.0");
        assertThat(issue().regressedAt()).isNull();

        send("2.0");
        assertThat(issue().status()).as("the release that was meant to fix it").isEqualTo("unresolved");
        assertThat(issue().regressedAt()).isNotNull();
        assertThat(issue().resolvedIn()).isNull();
    }

    @Test
    void shouldRegressForAReleaseNewerThanTheFix() {
        status.resolve(owner, issueId, "2.0");

        send("3.0");

        assertThat(issue().status()).isEqualTo("unresolved");
    }

    @Test
    void shouldKeepAnIssueIgnoredForeverWithoutCountingItAsRegressed() {
        status.ignore(owner, issueId, null, null);

        send("1.0");
        send("1.0");

        assertThat(issue().status()).isEqualTo("ignored");
        assertThat(issue().eventCount()).isEqualTo(3);
        assertThat(issue().regressedAt()).isNull();
    }

    @Test
    void shouldEndAnIgnoreAfterTheGivenNumberOfFurtherEvents() {
        status.ignore(owner, issueId, null, 2L);

        send("1.0");
        assertThat(issue().status()).isEqualTo("ignored");
        send("1.0");

        assertThat(issue().status()).isEqualTo("unresolved");
        assertThat(issue().regressedAt()).as("an ending ignore is not a regression").isNull();
    }

    @Test
    void shouldEndAnIgnoreOnceItsTimeHasPassed() {
        status.ignore(owner, issueId, Duration.ofHours(1), null);

        clock.advance(Duration.ofMinutes(30));
        send("1.0");
        assertThat(issue().status()).isEqualTo("ignored");

        clock.advance(Duration.ofMinutes(31));
        send("1.0");
        assertThat(issue().status()).isEqualTo("unresolved");
    }

    @Test
    void shouldReopenByHandAndRefuseNonsense() {
        status.resolve(owner, issueId, null);

        assertThat(status.reopen(owner, issueId).status()).isEqualTo("unresolved");
        assertThatThrownBy(() -> status.ignore(owner, issueId, Duration.ZERO, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> status.ignore(owner, issueId, null, 0L)).isInstanceOf(IllegalArgumentException.class);
        assertThat(issue().status()).isEqualTo("unresolved");
    }

    @Test
    void shouldNotLetAStrangerChangeTheStatus() {
        Caller stranger = TestAccounts.member(users, "stranger");

        assertThatThrownBy(() -> status.resolve(stranger, issueId, null)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> status.ignore(stranger, issueId, null, null)).isInstanceOf(NotFoundException.class);
        assertThat(issue().status()).isEqualTo("unresolved");
    }
}
