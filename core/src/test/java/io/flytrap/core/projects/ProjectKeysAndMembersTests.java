package io.flytrap.core.projects;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.ForbiddenException;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.ingest.IngestRequest;
import io.flytrap.core.ingest.IngestResult;
import io.flytrap.core.ingest.IngestService;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
class ProjectKeysAndMembersTests {

    @Autowired
    ProjectService projects;
    @Autowired
    ProjectAccess access;
    @Autowired
    ProjectKeyService keys;
    @Autowired
    ProjectMemberService members;
    @Autowired
    UserService users;
    @Autowired
    IngestService ingest;
    @Autowired
    ProjectDeletionService deletion;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SsoMemberships ssoMemberships;
    @Autowired
    TransactionTemplate transactions;

    Caller owner;
    Caller stranger;
    Caller admin;
    long projectId;
    ProjectKey firstKey;

    @BeforeEach
    void project() {
        owner = TestAccounts.member(users, "keys");
        stranger = TestAccounts.member(users, "keys-stranger");
        admin = users.create(TestAccounts.email("keys-admin"), TestAccounts.PASSWORD, Role.ADMIN).asCaller();
        CreatedProject created = projects.create(owner, "Keys", null);
        projectId = created.project().id();
        firstKey = created.key();
    }

    private IngestResult send(String publicKey) {
        byte[] body = """
                {"data": {"error": {"name": "Error", "message": "m"}, "project_id": %d}}""".formatted(projectId)
                .getBytes(StandardCharsets.UTF_8);
        return ingest.ingest(new IngestRequest(publicKey, NativePayloadParser.ERROR_PROTOCOL, null, (long) body.length,
                new ByteArrayInputStream(body), Map.of(), null));
    }

    private long audited(String action) {
        return jdbc.sql("select count(*) from audit_log where project_id = ? and action = ?").params(projectId, action)
                .query(Long.class).single();
    }

    @Test
    void shouldCreateRelabelAndRevokeKeysAndStopARevokedKeyAtOnce() {
        ProjectKey mobile = keys.create(owner, projectId, "  Mobile app ", 600);
        assertThat(mobile.label()).isEqualTo("Mobile app");
        assertThat(mobile.rateLimitPerMinute()).isEqualTo(600);
        assertThat(keys.relabel(owner, projectId, mobile.id(), "iOS app").label()).isEqualTo("iOS app");
        assertThat(send(mobile.publicKey())).isInstanceOf(IngestResult.Accepted.class);

        ProjectKey revoked = keys.revoke(owner, projectId, mobile.id());

        assertThat(revoked.active()).isFalse();
        assertThat(send(mobile.publicKey())).as("refused at once, not after the key cache expires")
                .isInstanceOf(IngestResult.Rejected.class);
        assertThat(send(firstKey.publicKey())).as("the project's other key still works").isInstanceOf(IngestResult.Accepted.class);
        assertThat(keys.revoke(owner, projectId, mobile.id()).revokedAt()).as("revoking twice changes nothing")
                .isEqualTo(revoked.revokedAt());
        assertThat(audited("key_created")).isEqualTo(1);
        assertThat(audited("key_revoked")).isEqualTo(1);
    }

    @Test
    void shouldRotateAKeyIntoANewOneWithTheSameLabelAndLimit() {
        ProjectKey replacement = keys.rotate(owner, projectId, firstKey.id());

        assertThat(replacement.publicKey()).isNotEqualTo(firstKey.publicKey());
        assertThat(replacement.label()).isEqualTo(firstKey.label());
        assertThat(projects.keys(owner, projectId)).extracting(ProjectKey::id, ProjectKey::active)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(firstKey.id(), false),
                        org.assertj.core.groups.Tuple.tuple(replacement.id(), true));
        assertThat(send(firstKey.publicKey())).isInstanceOf(IngestResult.Rejected.class);
        assertThat(send(replacement.publicKey())).isInstanceOf(IngestResult.Accepted.class);
        assertThatThrownBy(() -> keys.rotate(owner, projectId, firstKey.id())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseBadKeyInputAndStrangersWithoutChangingAnything() {
        assertThatThrownBy(() -> keys.create(owner, projectId, " ", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.create(owner, projectId, "x".repeat(101), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.create(owner, projectId, "zero", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.create(stranger, projectId, "mine", null)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> keys.revoke(stranger, projectId, firstKey.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> keys.rotate(stranger, projectId, firstKey.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> keys.relabel(stranger, projectId, firstKey.id(), "x")).isInstanceOf(NotFoundException.class);
        // a key id from another project is not found through this project
        long otherProject = projects.create(stranger, "Other", null).project().id();
        ProjectKey othersKey = projects.keys(stranger, otherProject).getFirst();
        assertThatThrownBy(() -> keys.revoke(owner, projectId, othersKey.id())).isInstanceOf(NotFoundException.class);

        assertThat(projects.keys(owner, projectId)).containsExactly(firstKey);
        assertThat(projects.keys(stranger, otherProject).getFirst().active()).isTrue();
        assertThat(audited("key_created") + audited("key_revoked")).isZero();
    }

    @Test
    void shouldLetOnlyAdministratorsAddAndRemoveMembers() {
        String colleagueEmail = TestAccounts.email("colleague");
        var colleague = users.create(colleagueEmail, TestAccounts.PASSWORD, Role.MEMBER);

        assertThatThrownBy(() -> members.add(owner, projectId, colleagueEmail)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> members.add(stranger, projectId, colleagueEmail)).isInstanceOf(NotFoundException.class);
        assertThat(members.list(owner, projectId)).hasSize(1);

        members.add(admin, projectId, colleagueEmail.toUpperCase());
        members.add(admin, projectId, colleagueEmail);
        assertThat(members.list(owner, projectId)).extracting(ProjectMember::userId).contains(colleague.id()).hasSize(2);
        assertThat(access.reaches(colleague.asCaller(), projectId)).isTrue();
        assertThatThrownBy(() -> members.add(admin, projectId, "nobody@example.com")).isInstanceOf(IllegalArgumentException.class);

        assertThatThrownBy(() -> members.remove(owner, projectId, colleague.id())).isInstanceOf(ForbiddenException.class);
        members.remove(admin, projectId, colleague.id());
        assertThat(access.reaches(colleague.asCaller(), projectId)).isFalse();
        assertThatThrownBy(() -> members.remove(admin, projectId, colleague.id())).isInstanceOf(NotFoundException.class);
        assertThat(audited("member_added")).as("the second add changed nothing").isEqualTo(1);
        assertThat(audited("member_removed")).isEqualTo(1);
    }

    private String source(long userId) {
        return jdbc.sql("select source from project_members where project_id = ? and user_id = ?").params(projectId, userId)
                .query(String.class).optional().orElse("none");
    }

    private SsoMemberships.Changes ssoSignIn(long userId, Set<String> projectNames) {
        // the same sync SsoSignIn runs inside its sign-in transaction
        return transactions.execute(status -> ssoMemberships.sync(userId, projectNames));
    }

    @Test
    void shouldKeepAnSsoMemberAnAdministratorAddsByHandWhenTheirGroupsNoLongerGrantTheProject() {
        // a name of its own: single sign-on grants projects by name, and other tests here make "Keys" projects too
        String name = "sso-keep-" + System.nanoTime();
        projectId = projects.create(owner, name, null).project().id();
        String email = TestAccounts.email("sso-then-manual");
        var colleague = users.create(email, TestAccounts.PASSWORD, Role.MEMBER);
        String other = TestAccounts.email("sso-only");
        var ssoOnly = users.create(other, TestAccounts.PASSWORD, Role.MEMBER);
        ssoSignIn(colleague.id(), Set.of(name));
        ssoSignIn(ssoOnly.id(), Set.of(name));
        assertThat(source(colleague.id())).isEqualTo("sso");

        assertThatThrownBy(() -> members.add(owner, projectId, email)).isInstanceOf(ForbiddenException.class);
        assertThat(source(colleague.id())).as("a refused add changes nothing").isEqualTo("sso");
        members.add(admin, projectId, email);
        assertThat(source(colleague.id())).isEqualTo("manual");
        assertThat(source(ssoOnly.id())).as("only the member added by hand changes").isEqualTo("sso");
        long addedBefore = audited("member_added");
        members.add(admin, projectId, email);
        assertThat(audited("member_added")).as("adding a manual member again changes nothing").isEqualTo(addedBefore);

        // signing in with groups that no longer grant the project must not remove the hand-added membership
        assertThat(ssoSignIn(colleague.id(), Set.of()).removed()).isEmpty();
        assertThat(access.reaches(colleague.asCaller(), projectId)).isTrue();
        assertThat(source(colleague.id())).isEqualTo("manual");
        assertThat(ssoSignIn(ssoOnly.id(), Set.of()).removed()).as("the SSO-only member still goes").containsExactly(projectId);
        assertThat(access.reaches(ssoOnly.asCaller(), projectId)).isFalse();
    }

    @Test
    void shouldLetEachMemberSwitchOnlyTheirOwnAlerts() {
        assertThat(members.setOwnEmailAlerts(owner, projectId, false).emailAlerts()).isFalse();
        assertThat(members.list(owner, projectId).getFirst().emailAlerts()).isFalse();
        assertThatThrownBy(() -> members.setOwnEmailAlerts(stranger, projectId, false)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> members.setOwnEmailAlerts(admin, projectId, false))
                .as("an administrator who is not a member has no alerts to switch").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldLetOnlyAdministratorsDeleteAProjectWithEverythingInIt() {
        assertThat(send(firstKey.publicKey())).isInstanceOf(IngestResult.Accepted.class);
        assertThatThrownBy(() -> deletion.delete(owner, projectId)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> deletion.delete(stranger, projectId)).isInstanceOf(NotFoundException.class);
        assertThat(access.reaches(owner, projectId)).as("still there").isTrue();

        deletion.delete(admin, projectId);

        assertThat(access.reaches(admin, projectId)).isFalse();
        assertThat(send(firstKey.publicKey())).as("its keys stop at once").isInstanceOf(IngestResult.Rejected.class);
        assertThat(jdbc.sql("select count(*) from project_keys where project_id = ?").param(projectId).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from audit_log where project_id = ? and action = 'project_deleted'")
                .param(projectId).query(Long.class).single()).isEqualTo(1);
    }
}
