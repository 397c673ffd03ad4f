package io.flytrap.core.process;

import io.flytrap.core.access.Caller;
import io.flytrap.core.issues.EventQueries;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueMergeService;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.MutableClock;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.TestEvents;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Retention deletes old events of merged issues like any others; counts stay, and an undo still works after it. */
@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
class MergedIssueRetentionTests {

    @Autowired
    RetentionJob retention;
    @Autowired
    EventProcessor processor;
    @Autowired
    IssueMergeService merges;
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

    @Test
    void shouldKeepCountsAndUndoAfterRetentionDeletedMergedEvents() {
        Caller owner = TestAccounts.member(users, "merged-retention");
        long projectId = projects.create(owner, "Merged retention", null).project().id();
        send(projectId, "TypeError");
        send(projectId, "TypeError");
        send(projectId, "RangeError");
        List<IssueSummary> listed = issues.search(owner, projectId, IssueFilter.all(), 0, 10);
        long a = listed.stream().filter(i -> i.title().startsWith("TypeError")).findFirst().orElseThrow().id();
        long b = listed.stream().filter(i -> i.title().startsWith("RangeError")).findFirst().orElseThrow().id();
        merges.merge(owner, List.of(b), a);
        clock.advance(Duration.ofDays(100));
        send(projectId, "RangeError");

        retention.purge(clock.instant()); // the test database is shared: count this project's events, not the purge's

        assertThat(issues.get(owner, a).eventCount()).as("counts outlive events").isEqualTo(4);
        assertThat(events.list(owner, a, null, null, null, 10).events()).hasSize(1);
        merges.unmerge(owner, a);
        assertThat(issues.get(owner, a).eventCount()).isEqualTo(2);
        assertThat(issues.get(owner, b).eventCount()).isEqualTo(2);
        assertThat(events.list(owner, b, null, null, null, 10).events()).hasSize(1);
        assertThat(events.list(owner, a, null, null, null, 10).events()).isEmpty();
    }

    private void send(long projectId, String type) {
        TestEvents.process(processor, projectId, """
                {"data": {"error": {"name": "%s", "message": "old", "stack": "%s: old\\n    at f (app.js:1:1)"},
                          "project_id": %d}}""".formatted(type, type, projectId), clock.instant());
        clock.advance(Duration.ofSeconds(1));
    }
}
