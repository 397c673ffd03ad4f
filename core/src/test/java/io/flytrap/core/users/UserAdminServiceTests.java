package io.flytrap.core.users;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.ForbiddenException;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
@Import(UserAdminServiceTests.AccessChanges.class)
class UserAdminServiceTests {

    /** Records the events the dashboard reacts to by ending sessions. */
    @TestConfiguration
    static class AccessChanges {
        final List<Long> users = new CopyOnWriteArrayList<>();

        @EventListener
        void changed(UserAdminService.AccessChanged changed) {
            users.add(changed.userId());
        }
    }

    @Autowired
    UserAdminService admin;
    @Autowired
    UserService users;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    AccessChanges accessChanges;
    @Autowired
    JdbcClient jdbc;

    Caller administrator;
    Caller member;

    /** A change made over the API: no session of its own, and an address no other test's failures count against. */
    static final UserAdminService.Origin NOWHERE = new UserAdminService.Origin(null, null);

    static UserAdminService.PasswordChange change(String current, String fresh) {
        return new UserAdminService.PasswordChange(current, fresh, false);
    }

    @BeforeEach
    void accounts() {
        administrator = users.create(TestAccounts.email("admin"), TestAccounts.PASSWORD, Role.ADMIN).asCaller();
        member = TestAccounts.member(users, "member");
    }

    @Test
    void shouldCreateAUserWithAOneTimePasswordThatSignsIn() {
        String email = TestAccounts.email("new");
        UserAdminService.WithTemporaryPassword created = admin.create(administrator, email, Role.MEMBER);

        assertThat(created.temporaryPassword()).hasSizeGreaterThanOrEqualTo(UserService.MIN_PASSWORD_LENGTH);
        assertThat(users.authenticate(email, created.temporaryPassword())).isPresent();
        assertThat(created.toString()).doesNotContain(created.temporaryPassword());
        assertThat(jdbc.sql("select count(*) from users where position(? in password_hash) > 0")
                .param(created.temporaryPassword()).query(Long.class).single()).as("stored hashed").isZero();
        assertThat(admin.list(administrator)).extracting(UserAccount::email).contains(email);
    }

    @Test
    void shouldRefuseMembersEverything() {
        long target = users.create(TestAccounts.email("target"), TestAccounts.PASSWORD, Role.MEMBER).id();
        assertThatThrownBy(() -> admin.list(member)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> admin.create(member, TestAccounts.email("x"), Role.ADMIN)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> admin.setRole(member, member.userId(), Role.ADMIN)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> admin.setDisabled(member, target, true)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> admin.resetPassword(member, target, true)).isInstanceOf(ForbiddenException.class);
        assertThat(users.findById(member.userId()).orElseThrow().role()).as("not promoted").isEqualTo(Role.MEMBER);
        assertThat(users.authenticate(users.findById(target).orElseThrow().email(), TestAccounts.PASSWORD)).isPresent();
    }

    @Test
    void shouldDisableAUserCompletelyAndEndTheirSessions() {
        String token = tokens.issue(member.userId(), "script").token();
        String email = users.findById(member.userId()).orElseThrow().email();

        admin.setDisabled(administrator, member.userId(), true);

        assertThat(users.authenticate(email, TestAccounts.PASSWORD)).as("no sign-in").isEmpty();
        assertThat(tokens.authenticate(token)).as("no API token").isEmpty();
        assertThat(accessChanges.users).as("sessions are ended by the dashboard").contains(member.userId());

        admin.setDisabled(administrator, member.userId(), false);
        assertThat(users.authenticate(email, TestAccounts.PASSWORD)).isPresent();
    }

    @Test
    void shouldNeverLeaveTheInstallationWithoutAnActiveAdministrator() {
        List<Long> otherAdmins = jdbc.sql("select id from users where role = 'admin' and disabled_at is null and id <> ?")
                .param(administrator.userId()).query(Long.class).list();
        jdbc.sql("update users set disabled_at = now() where id = any(?)").param(otherAdmins.toArray(Long[]::new)).update();
        try {
            assertThatThrownBy(() -> admin.setRole(administrator, administrator.userId(), Role.MEMBER))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("last active administrator");
            assertThatThrownBy(() -> admin.setDisabled(administrator, administrator.userId(), true))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(users.findById(administrator.userId()).orElseThrow().role()).isEqualTo(Role.ADMIN);

            admin.setRole(administrator, member.userId(), Role.ADMIN);
            admin.setRole(administrator, administrator.userId(), Role.MEMBER);
            assertThat(users.findById(administrator.userId()).orElseThrow().role()).as("now allowed").isEqualTo(Role.MEMBER);
        } finally {
            jdbc.sql("update users set disabled_at = null where id = any(?)").param(otherAdmins.toArray(Long[]::new)).update();
        }
    }

    @Test
    void shouldResetAndChangePasswords() {
        String email = users.findById(member.userId()).orElseThrow().email();
        String temporary = admin.resetPassword(administrator, member.userId(), true).temporaryPassword();
        assertThat(users.authenticate(email, TestAccounts.PASSWORD)).as("the old one is gone").isEmpty();
        assertThat(users.authenticate(email, temporary)).isPresent();

        assertThatThrownBy(() -> admin.changeOwnPassword(member, change("wrong current", "a brand new password"), NOWHERE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> admin.changeOwnPassword(member, change(temporary, "short"), NOWHERE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(users.authenticate(email, temporary)).as("unchanged by refused attempts").isPresent();
        admin.changeOwnPassword(member, change(temporary, "a brand new password"), NOWHERE);
        assertThat(users.authenticate(email, "a brand new password")).isPresent();
        assertThat(jdbc.sql("select count(*) from audit_log where target = ? and action in ('password_reset', 'password_changed')")
                .param("user " + member.userId()).query(Long.class).single()).isEqualTo(2);
    }
}
