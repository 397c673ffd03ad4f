package io.flytrap.core.users;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.ForbiddenException;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.access.Scope;
import io.flytrap.core.alerts.AlertChannelService;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.projects.ProjectSettings;
import io.flytrap.core.releases.ReleaseChanges;
import io.flytrap.core.releases.ReleaseService;
import io.flytrap.core.projects.Project;
import io.flytrap.core.projects.ProjectAccess;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Upload tokens: one project, a member's reach there, nothing more — even when an administrator made them. */
@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
class ProjectTokenTests {

    @Autowired
    ApiTokenService tokens;
    @Autowired
    ProjectService projects;
    @Autowired
    ProjectAccess access;
    @Autowired
    UserService users;
    @Autowired
    UserAdminService admin;
    @Autowired
    AlertChannelService channels;
    @Autowired
    IssueQueries issues;
    @Autowired
    ReleaseService releases;

    @Test
    void shouldReachOnlyItsProjectWithoutAdministratorRights() {
        Caller administrator = users.create(TestAccounts.email("token-admin"), TestAccounts.PASSWORD, Role.ADMIN).asCaller();
        long shop = projects.create(administrator, "Token shop", null).project().id();
        long other = projects.create(administrator, "Token other", null).project().id();

        String token = tokens.issueForProject(administrator, shop, "CI").token();
        Caller scoped = tokens.authenticate(token).orElseThrow().asCaller();

        assertThat(scoped.admin()).isFalse();
        assertThat(access.reaches(scoped, shop)).isTrue();
        assertThat(access.reaches(scoped, other)).as("the same user's other project").isFalse();
        assertThat(projects.listVisibleTo(scoped)).extracting(Project::id).containsExactly(shop);
        assertThatThrownBy(() -> projects.get(scoped, other)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> projects.create(scoped, "Sneaky", null)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> admin.list(scoped)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> admin.changeOwnPassword(scoped, new UserAdminService.PasswordChange(TestAccounts.PASSWORD,
                "a brand new password", false), new UserAdminService.Origin(null, null))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> tokens.issueForProject(scoped, shop, "more", Scope.ALL)).as("a token cannot mint tokens")
                .isInstanceOf(ForbiddenException.class);
        assertThat(tokens.listPersonal(administrator, administrator.userId())).as("personal token list")
                .noneMatch(t -> t.name().equals("CI"));
    }

    @Test
    void shouldBeMadeByMembersAndStopWhenRevoked() {
        Caller owner = TestAccounts.member(users, "token-owner");
        Caller stranger = TestAccounts.member(users, "token-stranger");
        long projectId = projects.create(owner, "Token project", null).project().id();
        assertThatThrownBy(() -> tokens.issueForProject(stranger, projectId, "CI")).isInstanceOf(NotFoundException.class);

        IssuedToken issued = tokens.issueForProject(owner, projectId, "CI");
        assertThat(tokens.listForProject(owner, projectId)).extracting(TokenInfo::id).containsExactly(issued.id());
        assertThatThrownBy(() -> tokens.revokeForProject(stranger, projectId, issued.id())).isInstanceOf(NotFoundException.class);
        assertThat(tokens.authenticate(issued.token())).isPresent();

        tokens.revokeForProject(owner, projectId, issued.id());

        assertThat(tokens.authenticate(issued.token())).isEmpty();
        assertThat(tokens.listForProject(owner, projectId)).isEmpty();
    }

    @Test
    void shouldCheckScopesInTheServicesThemselvesNotOnlyInControllers() {
        Caller owner = TestAccounts.member(users, "scope-owner");
        long projectId = projects.create(owner, "Scope project", null).project().id();
        ProjectSettings before = projects.settings(owner, projectId);
        Caller ci = tokens.authenticate(tokens.issueForProject(owner, projectId, "CI").token()).orElseThrow().asCaller();
        Caller reader = tokens.authenticate(tokens.issueForProject(owner, projectId, "reader", Set.of(Scope.PROJECT_READ))
                .token()).orElseThrow().asCaller();

        assertThat(ci.scopes()).as("the default").containsExactly(Scope.PROJECT_RELEASES);
        assertThatThrownBy(() -> projects.updateSettings(ci, projectId, new ProjectSettings(false, false, 1)))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("project:admin");
        assertThatThrownBy(() -> projects.settings(ci, projectId)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> channels.create(ci, projectId, "webhook", "exfil", "https://93.184.215.14/hook"))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> issues.search(ci, projectId, IssueFilter.all(), 0, 10)).isInstanceOf(ForbiddenException.class);
        assertThat(releases.create(ci, projectId, "1.0", ReleaseChanges.NONE).release().version()).isEqualTo("1.0");

        assertThat(projects.settings(reader, projectId)).isEqualTo(before);
        assertThat(issues.search(reader, projectId, IssueFilter.all(), 0, 10)).isEmpty();
        assertThatThrownBy(() -> projects.updateSettings(reader, projectId, new ProjectSettings(false, false, 1)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> releases.create(reader, projectId, "2.0", ReleaseChanges.NONE)).isInstanceOf(ForbiddenException.class);
        assertThat(projects.settings(owner, projectId)).as("nothing changed").isEqualTo(before);
        assertThat(releases.find(owner, projectId, "2.0")).isEmpty();
    }
}
