package io.flytrap.core.issues;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.NotFoundException;
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
 * "Select all N matching this query": the bulk action runs on the filter, server-side, when confirmed; only the
 * matching issues of that project change, a stranger changes nothing, and one action takes a bounded number.
 */
@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
class IssueBulkMatchingTests {

    @Autowired
    EventProcessor processor;
    @Autowired
    IssueQueries issues;
    @Autowired
    IssueStatusService statuses;
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
    long otherProjectId;

    @BeforeEach
    void issues() {
        owner = TestAccounts.member(users, "matching");
        projectId = projects.create(owner, "Matching", null).project().id();
        otherProjectId = projects.create(owner, "Other", null).project().id();
        for (long project : List.of(projectId, otherProjectId)) {
            for (String type : List.of("TypeError", "TypeError2", "RangeError")) {
                TestEvents.process(processor, project, """
                        {"data": {"error": {"name": "%s", "message": "x", "stack": "%s: x\\n    at %s (app.js:1:1)"},
                                  "project_id": %d}}""".formatted(type, type, type.toLowerCase(), project), clock.instant());
                clock.advance(Duration.ofSeconds(1));
            }
        }
    }

    private List<String> statusesIn(long project) {
        return jdbc.sql("select title || '=' || status from issues where project_id = ? order by title")
                .param(project).query(String.class).list();
    }

    @Test
    void shouldResolveEveryMatchingIssueOfTheProjectAndNothingElse() {
        int resolved = statuses.resolveMatching(owner, projectId, IssueFilter.of("is:unresolved TypeError", null, null));

        assertThat(resolved).isEqualTo(2);
        assertThat(statusesIn(projectId)).containsExactly("RangeError: x=unresolved", "TypeError2: x=resolved",
                "TypeError: x=resolved");
        assertThat(statusesIn(otherProjectId)).as("the same titles in another project stay")
                .allMatch(s -> s.endsWith("=unresolved"));
        assertThat(jdbc.sql("select (details ->> 'count') from audit_log where project_id = ? and action = 'issue_resolved'")
                .param(projectId).query(String.class).list()).as("one audit entry for the action").containsExactly("2");
    }

    @Test
    void shouldIgnoreAndDeleteByTheFilterToo() {
        assertThat(statuses.ignoreMatching(owner, projectId, IssueFilter.of("RangeError", null, null))).isEqualTo(1);
        assertThat(statusesIn(projectId)).contains("RangeError: x=ignored");
        assertThat(statuses.deleteMatching(owner, projectId, IssueFilter.of("is:ignored", null, null))).isEqualTo(1);
        assertThat(statusesIn(projectId)).containsExactly("TypeError2: x=unresolved", "TypeError: x=unresolved");
    }

    @Test
    void shouldChangeNothingForSomeoneWhoIsNotAMember() {
        Caller stranger = TestAccounts.member(users, "matching-stranger");

        assertThatThrownBy(() -> statuses.deleteMatching(stranger, projectId, IssueFilter.all()))
                .isInstanceOf(NotFoundException.class);
        assertThat(statusesIn(projectId)).hasSize(3).allMatch(s -> s.endsWith("=unresolved"));
    }

    @Test
    void shouldTakeAtMostTheLimitInTheFiltersOrder() {
        List<Long> newestFirst = issues.search(owner, projectId, IssueFilter.all(), 0, 10).stream().map(IssueSummary::id).toList();

        assertThat(issues.matchingIds(owner, projectId, IssueFilter.all(), 2)).containsExactlyElementsOf(newestFirst.subList(0, 2));
        assertThat(issues.matchingIds(owner, projectId, IssueFilter.all(), -1)).isEmpty();
        assertThat(IssueStatusService.MAX_MATCHING).isEqualTo(1000);
    }
}
