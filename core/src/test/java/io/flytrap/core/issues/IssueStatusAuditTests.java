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

/** Triage is written to the audit log: a bulk action as one entry naming every issue, a single change the same way. */
@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
class IssueStatusAuditTests {

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
    List<Long> three;

    @BeforeEach
    void threeIssues() {
        owner = TestAccounts.member(users, "bulk");
        projectId = projects.create(owner, "Bulk", null).project().id();
        for (String type : List.of("TypeError", "RangeError", "SyntaxError")) {
            TestEvents.process(processor, projectId, """
                    {"data": {"error": {"name": "%s", "message": "x", "stack": "%s: x\\n    at %s (app.js:1:1)"},
                              "project_id": %d}}""".formatted(type, type, type.toLowerCase(), projectId), clock.instant());
            clock.advance(Duration.ofSeconds(1));
        }
        three = issues.search(owner, projectId, IssueFilter.all(), 0, 10).stream().map(IssueSummary::id).sorted().toList();
        assertThat(three).hasSize(3);
    }

    /** actor, action, target, issues and count of each entry for the project, oldest first. */
    private List<String> entries() {
        return jdbc.sql("""
                        select actor_user_id || ' ' || action || ' ' || target || ' ' || (details -> 'issues')::text
                               || ' ' || (details ->> 'count')
                        from audit_log where project_id = ? order by id""")
                .param(projectId).query(String.class).list();
    }

    private static String json(List<Long> ids) {
        return ids.toString();
    }

    @Test
    void shouldRecordABulkResolveAsOneEntryNamingEveryIssue() {
        int resolved = statuses.resolveAll(owner, three);

        assertThat(resolved).isEqualTo(3);
        assertThat(three).allSatisfy(id -> assertThat(issues.get(owner, id).status()).isEqualTo("resolved"));
        assertThat(entries()).as("one entry for the action, not one per issue")
                .containsExactly(owner.userId() + " issue_resolved 3 issues " + json(three) + " 3");
    }

    @Test
    void shouldRecordBulkIgnoreAndDeleteTheSameWay() {
        statuses.ignoreAll(owner, three.subList(0, 2));
        statuses.deleteAll(owner, List.of(three.get(2)));

        assertThat(issues.get(owner, three.get(0)).status()).isEqualTo("ignored");
        assertThatThrownBy(() -> issues.get(owner, three.get(2))).isInstanceOf(NotFoundException.class);
        assertThat(entries()).containsExactly(
                owner.userId() + " issue_ignored 2 issues " + json(three.subList(0, 2)) + " 2",
                owner.userId() + " issue_deleted issue " + three.get(2) + " " + json(List.of(three.get(2))) + " 1");
    }

    @Test
    void shouldRecordSingleStatusChangesLikeABulkActionOfOne() {
        long id = three.getFirst();
        statuses.resolve(owner, id, "2.0");
        statuses.reopen(owner, id);
        statuses.ignore(owner, id, Duration.ofHours(1), null);
        statuses.delete(owner, id);

        String one = " issue " + id + " " + json(List.of(id)) + " 1";
        assertThat(entries()).containsExactly(
                owner.userId() + " issue_resolved" + one, owner.userId() + " issue_reopened" + one,
                owner.userId() + " issue_ignored" + one, owner.userId() + " issue_deleted" + one);
        assertThat(jdbc.sql("select details ->> 'release' from audit_log where project_id = ? and action = 'issue_resolved'")
                .param(projectId).query(String.class).single()).isEqualTo("2.0");
    }

    @Test
    void shouldSkipIssuesOutOfReachAndChangeNothingForAStranger() {
        Caller stranger = TestAccounts.member(users, "stranger");
        long strangersProject = projects.create(stranger, "Elsewhere", null).project().id();

        assertThat(statuses.resolveAll(stranger, three)).as("none of them is the stranger's").isZero();
        assertThat(statuses.deleteAll(stranger, three)).isZero();
        assertThat(three).allSatisfy(id -> assertThat(issues.get(owner, id).status()).isEqualTo("unresolved"));
        assertThat(entries()).as("nothing happened, so nothing is recorded").isEmpty();
        assertThat(jdbc.sql("select count(*) from audit_log where project_id = ?").param(strangersProject)
                .query(Long.class).single()).isZero();

        // a mix: the gone and the foreign are skipped, the rest still change in the same transaction
        assertThat(statuses.resolveAll(owner, List.of(three.get(0), Long.MAX_VALUE))).isEqualTo(1);
        assertThat(issues.get(owner, three.get(0)).status()).isEqualTo("resolved");
        assertThat(entries()).containsExactly(owner.userId() + " issue_resolved issue " + three.get(0) + " "
                + json(List.of(three.get(0))) + " 1");
    }
}
