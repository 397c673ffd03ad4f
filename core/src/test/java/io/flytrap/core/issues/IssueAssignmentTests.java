package io.flytrap.core.issues;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.projects.ProjectMemberService;
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
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Assigning issues to project members against the real database: only members may be assignees, refusals change
 * nothing and leave no audit entry, leaving a project unassigns one's issues there (and only there), and the
 * search finds issues by assignee.
 */
@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
class IssueAssignmentTests {

    @Autowired
    EventProcessor processor;
    @Autowired
    IssueQueries issues;
    @Autowired
    IssueAssignmentService assignments;
    @Autowired
    IssueActivity activity;
    @Autowired
    ProjectService projects;
    @Autowired
    ProjectMemberService members;
    @Autowired
    UserService users;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcClient jdbc;

    Caller owner;
    Caller colleague;
    Caller stranger;
    Caller admin;
    String ownerEmail;
    String colleagueEmail;
    String strangerEmail;
    long projectId;
    List<Long> three;

    @BeforeEach
    void threeIssues() {
        ownerEmail = TestAccounts.email("assign-owner");
        owner = users.create(ownerEmail, TestAccounts.PASSWORD, Role.MEMBER).asCaller();
        colleagueEmail = TestAccounts.email("assign-colleague");
        colleague = users.create(colleagueEmail, TestAccounts.PASSWORD, Role.MEMBER).asCaller();
        strangerEmail = TestAccounts.email("assign-stranger");
        stranger = users.create(strangerEmail, TestAccounts.PASSWORD, Role.MEMBER).asCaller();
        admin = users.create(TestAccounts.email("assign-admin"), TestAccounts.PASSWORD, Role.ADMIN).asCaller();
        projectId = projects.create(owner, "Assign", null).project().id();
        members.add(admin, projectId, colleagueEmail);
        three = issuesIn(projectId, "TypeError", "RangeError", "SyntaxError");
    }

    private List<Long> issuesIn(long project, String... types) {
        for (String type : types) {
            TestEvents.process(processor, project, """
                    {"data": {"error": {"name": "%s", "message": "x", "stack": "%s: x\\n    at %s (app.js:1:1)"},
                              "project_id": %d}}""".formatted(type, type, type.toLowerCase(), project), clock.instant());
            clock.advance(Duration.ofSeconds(1));
        }
        return issues.search(admin, project, IssueFilter.all(), 0, 10).stream().map(IssueSummary::id).sorted().toList();
    }

    private Long assignee(long issueId) {
        return issues.get(admin, issueId).assigneeUserId();
    }

    private List<String> auditEntries() {
        return jdbc.sql("""
                        select actor_user_id || ' ' || target || ' ' || coalesce(details ->> 'assignee', 'null')
                        from audit_log where project_id = ? and action = 'issue_assigned' order by id""")
                .param(projectId).query(String.class).list();
    }

    private List<Long> found(Caller caller, String query) {
        return issues.search(caller, projectId, IssueFilter.of(query, null, null), 0, 10).stream()
                .map(IssueSummary::id).sorted().toList();
    }

    @Test
    void shouldAssignToAMemberByEmailAndUnassign() {
        long issue = three.getFirst();

        IssueSummary assigned = assignments.assign(owner, issue, "  " + colleagueEmail.toUpperCase() + " ");

        assertThat(assigned.assigneeUserId()).isEqualTo(colleague.userId());
        assertThat(assigned.assigneeEmail()).isEqualTo(colleagueEmail);
        assertThat(assignments.assign(owner, issue, colleagueEmail).assigneeUserId()).as("assigning again changes nothing")
                .isEqualTo(colleague.userId());
        assertThat(assignments.assign(owner, issue, null).assigneeUserId()).isNull();
        assertThat(assignments.assignToMe(colleague, issue).assigneeEmail()).isEqualTo(colleagueEmail);
        assertThat(auditEntries()).as("one entry per change, none for the repeat").containsExactly(
                owner.userId() + " issue " + issue + " " + colleague.userId(),
                owner.userId() + " issue " + issue + " null",
                colleague.userId() + " issue " + issue + " " + colleague.userId());
        assertThat(activity.timeline(owner, issue)).filteredOn(entry -> entry.kind() == IssueActivity.Kind.ASSIGNED)
                .as("the issue's timeline: who assigned it to whom, and the unassignment; not the repeat")
                .extracting(entry -> entry.actorUserId() + " " + entry.details().get("assignee"))
                .containsExactly(owner.userId() + " " + colleagueEmail, owner.userId() + " null",
                        colleague.userId() + " " + colleagueEmail);
    }

    @Test
    void shouldRefuseAssigneesAndAssignersOutsideTheProjectAndChangeNothing() {
        long issue = three.getFirst();
        assignments.assign(owner, issue, colleagueEmail);

        assertThatThrownBy(() -> assignments.assign(owner, issue, strangerEmail))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("members of their project");
        assertThatThrownBy(() -> assignments.assign(owner, issue, "nobody@example.com"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> assignments.assign(stranger, issue, strangerEmail)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> assignments.assignToMe(stranger, issue)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> assignments.assignToMe(admin, issue)).as("an administrator sees the project without being a member")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a member");
        assertThatThrownBy(() -> assignments.assignAll(owner, three, strangerEmail)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> jdbc.sql("update issues set assignee_user_id = ? where id = ?").params(stranger.userId(), issue).update())
                .as("the database refuses a non-member too").hasMessageContaining("issues_assignee_is_member");

        assertThat(three).extracting(this::assignee).containsExactly(colleague.userId(), null, null);
        assertThat(auditEntries()).hasSize(1);
    }

    @Test
    void shouldAssignInBulkSkippingIssuesOutOfReach() {
        long foreignProject = projects.create(stranger, "Foreign", null).project().id();
        long foreignIssue = issuesIn(foreignProject, "EvalError").getFirst();
        List<Long> chosen = new ArrayList<>(three);
        chosen.add(foreignIssue);

        assertThat(assignments.assignAll(owner, chosen, colleagueEmail)).isEqualTo(3);

        assertThat(three).extracting(this::assignee).containsOnly(colleague.userId());
        assertThat(assignee(foreignIssue)).isNull();
        assertThat(auditEntries()).as("one entry for the bulk action").hasSize(1);
        assertThat(assignments.assignAll(owner, three, "")).isEqualTo(3);
        assertThat(three).extracting(this::assignee).containsOnly((Long) null);
    }

    @Test
    void shouldUnassignARemovedMembersIssuesInThatProjectOnly() {
        long otherProject = projects.create(owner, "Other", null).project().id();
        members.add(admin, otherProject, colleagueEmail);
        long otherIssue = issuesIn(otherProject, "URIError").getFirst();
        assignments.assign(owner, three.get(0), colleagueEmail);
        assignments.assign(owner, three.get(1), ownerEmail);
        assignments.assign(owner, otherIssue, colleagueEmail);

        members.remove(admin, projectId, colleague.userId());

        assertThat(assignee(three.get(0))).isNull();
        assertThat(assignee(three.get(1))).as("other members keep their issues").isEqualTo(owner.userId());
        assertThat(assignee(otherIssue)).as("still a member there").isEqualTo(colleague.userId());
    }

    @Test
    void shouldFindIssuesByAssignee() {
        assignments.assign(owner, three.get(0), ownerEmail);
        assignments.assign(owner, three.get(1), colleagueEmail);
        long none = three.get(2);

        assertThat(found(owner, "assigned:me")).containsExactly(three.get(0));
        assertThat(found(colleague, "assigned:me")).as("me is whoever searches").containsExactly(three.get(1));
        assertThat(found(owner, "assigned:" + colleagueEmail.toUpperCase())).containsExactly(three.get(1));
        assertThat(found(owner, "assigned:[me," + colleagueEmail + "]")).containsExactly(three.get(0), three.get(1));
        assertThat(found(owner, "!assigned:me")).as("negated, unassigned issues count too").containsExactly(three.get(1), none);
        assertThat(found(owner, "!has:assignee")).containsExactly(none);
        assertThat(found(owner, "is:unassigned")).containsExactly(none);
        assertThat(found(owner, "is:assigned")).containsExactly(three.get(0), three.get(1));
        assertThat(found(owner, "assigned:nobody@example.com")).isEmpty();
        assertThat(found(owner, "!assigned:nobody@example.com")).hasSize(3);
        assertThat(issues.count(owner, projectId, IssueFilter.of("is:unresolved assigned:me", null, null))).isEqualTo(1);
        assertThat(issues.searchValues(owner, projectId).get("assigned")).contains("me", ownerEmail, colleagueEmail);
    }
}
