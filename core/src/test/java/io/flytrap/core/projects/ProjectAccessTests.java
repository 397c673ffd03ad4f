package io.flytrap.core.projects;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
class ProjectAccessTests {

    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    IssueQueries issues;

    private Caller user(Role role) {
        return users.create(role + "-" + UUID.randomUUID() + "@example.com", "correct horse battery", role).asCaller();
    }

    @Test
    void shouldMakeTheCreatorTheFirstMemberAndGiveTheProjectAnActiveKey() {
        Caller creator = user(Role.MEMBER);

        CreatedProject created = projects.create(creator, "  Checkout  ", "javascript");

        assertThat(created.project().name()).isEqualTo("Checkout");
        assertThat(created.key().publicKey()).hasSize(32);
        assertThat(projects.listVisibleTo(creator)).extracting(Project::id).containsExactly(created.project().id());
        assertThat(projects.findActiveKey(created.key().publicKey()))
                .contains(new ActiveKey(created.key().id(), created.project().id(), null));
    }

    @Test
    void shouldHideAnotherProjectFromAMemberButNotFromAnAdmin() {
        Caller alice = user(Role.MEMBER);
        Caller bob = user(Role.MEMBER);
        Caller admin = user(Role.ADMIN);
        long alicesProject = projects.create(alice, "Alice's", null).project().id();

        assertThat(projects.listVisibleTo(bob)).extracting(Project::id).doesNotContain(alicesProject);
        assertThatThrownBy(() -> projects.get(bob, alicesProject)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> projects.keys(bob, alicesProject)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> issues.search(bob, alicesProject, IssueFilter.all(), 0, 10)).isInstanceOf(NotFoundException.class);
        assertThat(projects.get(admin, alicesProject).id()).isEqualTo(alicesProject);
        assertThat(projects.listVisibleTo(admin)).extracting(Project::id).contains(alicesProject);
    }

    @Test
    void shouldLetOnlyMembersReadAndChangeInAppRules() {
        Caller alice = user(Role.MEMBER);
        Caller bob = user(Role.MEMBER);
        long alicesProject = projects.create(alice, "Shop", "java").project().id();
        io.flytrap.core.grouping.InAppRules rules = new io.flytrap.core.grouping.InAppRules(
                java.util.List.of("com.example.shop."), java.util.List.of("com.example.generated."));

        assertThat(projects.updateInAppRules(alice, alicesProject, rules)).isEqualTo(rules);

        assertThatThrownBy(() -> projects.inAppRules(bob, alicesProject)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> projects.updateInAppRules(bob, alicesProject, io.flytrap.core.grouping.InAppRules.NONE))
                .as("a stranger must NOT change how another project groups").isInstanceOf(NotFoundException.class);
        assertThat(projects.inAppRules(alice, alicesProject)).as("unchanged by the refused write").isEqualTo(rules);
        assertThat(projects.inAppRules(java.util.List.of(alicesProject))).containsEntry(alicesProject, rules);
    }

    @Test
    void shouldAnswerNotFoundForAProjectThatDoesNotExistEvenToAnAdmin() {
        assertThatThrownBy(() -> projects.get(user(Role.ADMIN), Long.MAX_VALUE)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void shouldRefuseBlankOrOverlongNames() {
        Caller creator = user(Role.MEMBER);

        assertThatThrownBy(() -> projects.create(creator, "  ", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> projects.create(creator, "x".repeat(101), null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(projects.listVisibleTo(creator)).isEmpty();
    }

    @Test
    void shouldNotResolveUnknownOrRevokedKeys() {
        CreatedProject created = projects.create(user(Role.MEMBER), "Keys", null);

        assertThat(projects.findActiveKey("0".repeat(32))).isEmpty();
        assertThat(projects.findActiveKey(null)).isEmpty();
        assertThat(projects.findActiveKey("x".repeat(10_000))).isEmpty();
    }
}
