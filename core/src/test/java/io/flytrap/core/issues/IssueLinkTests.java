package io.flytrap.core.issues;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.ForbiddenException;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.projects.TrackerTemplate;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Links to external trackers against the real database: the project's template, and an issue's linked address. */
@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
class IssueLinkTests {

    @Autowired
    EventProcessor processor;
    @Autowired
    IssueQueries issues;
    @Autowired
    IssueLinkService links;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcClient jdbc;

    Caller owner;
    Caller admin;
    long projectId;
    long issueId;

    @BeforeEach
    void oneIssue() {
        owner = TestAccounts.member(users, "links");
        admin = users.create(TestAccounts.email("links-admin"), TestAccounts.PASSWORD, Role.ADMIN).asCaller();
        projectId = projects.create(owner, "Links", null).project().id();
        TestEvents.process(processor, projectId, """
                {"data": {"error": {"name": "Error", "message": "x"}, "project_id": %d}}""".formatted(projectId), clock.instant());
        issueId = issues.search(owner, projectId, IssueFilter.all(), 0, 1).getFirst().id();
    }

    @Test
    void shouldLinkAnIssueToAnHttpAddressAndRefuseAnythingElse() {
        String jira = "https://acme.atlassian.net/browse/SHOP-12";
        assertThat(links.link(owner, issueId, " " + jira + " ").externalUrl()).isEqualTo(jira);

        for (String refused : new String[]{"javascript:alert(document.cookie)", "data:text/html,<script>x</script>",
                "ftp://example.com/x", "/issues/1", "not a link"}) {
            assertThatThrownBy(() -> links.link(owner, issueId, refused)).as(refused)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tracker issue's address");
        }
        assertThatThrownBy(() -> links.link(TestAccounts.member(users, "links-stranger"), issueId, jira))
                .isInstanceOf(NotFoundException.class);
        assertThat(issues.get(owner, issueId).externalUrl()).as("refusals changed nothing").isEqualTo(jira);
        assertThatThrownBy(() -> jdbc.sql("update issues set external_url = 'javascript:x' where id = ?").param(issueId).update())
                .as("nor may anything else store one").hasMessageContaining("check");

        assertThat(links.link(owner, issueId, "").externalUrl()).isNull();
        assertThat(jdbc.sql("select count(*) from audit_log where project_id = ? and action = 'issue_linked'").param(projectId)
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void shouldLetOnlyAdministratorsSetTheTrackerTemplate() {
        String github = "https://github.com/acme/shop/issues/new?title={title}&body={url}";
        assertThat(projects.trackerTemplate(owner, projectId)).isEmpty();

        assertThatThrownBy(() -> projects.updateTrackerTemplate(owner, projectId, github)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> projects.updateTrackerTemplate(admin, projectId, "javascript:alert({title})"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(projects.trackerTemplate(owner, projectId)).as("refusals changed nothing").isEmpty();

        projects.updateTrackerTemplate(admin, projectId, github);
        assertThat(projects.trackerTemplate(owner, projectId)).contains(new TrackerTemplate(github));
        projects.updateTrackerTemplate(admin, projectId, " ");
        assertThat(projects.trackerTemplate(owner, projectId)).isEmpty();
    }
}
