package io.flytrap.core.users;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.ForbiddenException;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.access.Tokens;
import io.flytrap.core.audit.AuditLog;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Administrators manage users: create them (with a one-time password to hand over), change roles, disable and
 * enable, reset passwords. Everyone changes their own password. The last active administrator can be neither
 * demoted nor disabled, so an installation never locks itself out. Changes that affect what a signed-in user may
 * do publish {@link AccessChanged}, so the dashboard ends that user's sessions. A password reset also revokes the
 * user's API tokens unless the administrator says otherwise; a password change ends the user's other sessions and
 * revokes their tokens when they ask.
 */
@Service
@Transactional
public class UserAdminService {

    /**
     * The user's role, enabled state or password changed: their sessions must not live on with the old rights.
     *
     * @param keepSessionId the session the user changed their own password in, which goes on; null ends them all
     */
    public record AccessChanged(long userId, String keepSessionId) {

        public AccessChanged(long userId) {
            this(userId, null);
        }
    }

    /** A password reset: the one-time password to hand over, and how many of the user's API tokens it revoked. */
    public record PasswordReset(UserAccount user, String temporaryPassword, int revokedTokens) {

        @Override
        public String toString() {
            return "PasswordReset[" + user.email() + ", revokedTokens=" + revokedTokens + "]";
        }
    }

    /**
     * A user's own password change.
     *
     * @param revokeTokens also revoke every API token the user made (personal and upload tokens): for when the old
     *                     password may have been known to someone else, who could have made tokens with it
     */
    public record PasswordChange(String currentPassword, String newPassword, boolean revokeTokens) {

        @Override
        public String toString() {
            return "PasswordChange[revokeTokens=" + revokeTokens + "]";
        }
    }

    /**
     * Where a request came from: the client's address (for the sign-in throttle and the audit log) and the
     * dashboard session it was made in (an opaque id; null over the API).
     */
    public record Origin(String remoteAddress, String sessionId) {
    }

    /** A user just created or reset, with the password to hand over; shown once, never stored in clear. */
    public record WithTemporaryPassword(UserAccount user, String temporaryPassword) {

        @Override
        public String toString() {
            return "WithTemporaryPassword[" + user.email() + "]";
        }
    }

    private static final RowMapper<UserAccount> ACCOUNT = (rs, i) -> new UserAccount(rs.getLong("id"),
            rs.getString("email"), rs.getString("display_name"), Role.fromColumn(rs.getString("role")),
            rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("disabled_at") != null);

    private final JdbcClient jdbc;
    private final UserService users;
    private final PasswordChecks passwordChecks;
    private final ApiTokenService tokens;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public UserAdminService(JdbcClient jdbc, UserService users, PasswordChecks passwordChecks, ApiTokenService tokens,
                            PasswordEncoder passwords, AuditLog audit, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.users = users;
        this.passwordChecks = passwordChecks;
        this.tokens = tokens;
        this.passwords = passwords;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<UserAccount> list(Caller caller) {
        requireAdmin(caller);
        return jdbc.sql("select * from users order by lower(email)").query(ACCOUNT).list();
    }

    /** Creates a user with a generated password that the administrator passes on (until alert e-mail exists). */
    public WithTemporaryPassword create(Caller caller, String email, Role role) {
        requireAdmin(caller);
        String temporary = Tokens.randomUrlSafe(15);
        User created = users.create(email, temporary, role == null ? Role.MEMBER : role);
        audit.record(caller, AuditLog.Action.USER_CREATED, null, "user " + created.id(),
                Map.of("email", created.email(), "role", created.role().column()));
        return new WithTemporaryPassword(account(created.id()), temporary);
    }

    public UserAccount setRole(Caller caller, long userId, Role role) {
        requireAdmin(caller);
        UserAccount user = account(userId);
        if (user.role() == role) {
            return user;
        }
        if (user.role() == Role.ADMIN && !user.disabled()) {
            requireAnotherActiveAdmin(userId, "demoted");
        }
        jdbc.sql("update users set role = ? where id = ?").params(role.column(), userId).update();
        audit.record(caller, AuditLog.Action.ROLE_CHANGED, null, "user " + userId,
                Map.of("from", user.role().column(), "to", role.column()));
        events.publishEvent(new AccessChanged(userId));
        return account(userId);
    }

    /** A disabled user cannot sign in, use API tokens or keep a session; their data and memberships stay. */
    public UserAccount setDisabled(Caller caller, long userId, boolean disabled) {
        requireAdmin(caller);
        UserAccount user = account(userId);
        if (user.disabled() == disabled) {
            return user;
        }
        if (disabled && user.role() == Role.ADMIN) {
            requireAnotherActiveAdmin(userId, "disabled");
        }
        jdbc.sql("update users set disabled_at = ? where id = ?")
                .params(disabled ? Timestamp.from(clock.instant()) : null, userId).update();
        audit.record(caller, disabled ? AuditLog.Action.USER_DISABLED : AuditLog.Action.USER_ENABLED, null,
                "user " + userId, Map.of());
        events.publishEvent(new AccessChanged(userId));
        return account(userId);
    }

    /**
     * A new generated password for someone who lost theirs (or whose account was taken over): all their sessions
     * end, and with {@code revokeTokens} every API token they made stops working too, since whoever knew the old
     * password could have made tokens with it.
     */
    public PasswordReset resetPassword(Caller caller, long userId, boolean revokeTokens) {
        requireAdmin(caller);
        UserAccount user = account(userId);
        String temporary = Tokens.randomUrlSafe(15);
        jdbc.sql("update users set password_hash = ? where id = ?").params(passwords.encode(temporary), userId).update();
        int revoked = revokeTokens ? tokens.revokeAllOf(userId) : 0;
        audit.record(caller, AuditLog.Action.PASSWORD_RESET, null, "user " + userId,
                Map.of("revokeTokens", revokeTokens, "revokedTokens", revoked));
        events.publishEvent(new AccessChanged(userId));
        return new PasswordReset(user, temporary, revoked);
    }

    /**
     * The caller's own password, after proving they know the current one (a check that is throttled and audited
     * like a sign-in, so a stolen session cannot guess it). Their other sessions end; the one in
     * {@code origin} goes on. Their API tokens go on too unless the change asks to revoke them.
     *
     * @throws SignInThrottledException while too many wrong passwords were tried for this user or address
     */
    public void changeOwnPassword(Caller caller, PasswordChange change, Origin origin) {
        if (caller.projectScope() != null) {
            throw new ForbiddenException("a project's upload token cannot change passwords");
        }
        UserAccount me = account(caller.userId());
        if (passwordChecks.check(me.email(), change.currentPassword(), PasswordChecks.Via.PASSWORD_CHANGE,
                origin.remoteAddress()).isEmpty()) {
            throw new IllegalArgumentException("The current password is not right. Type the password you signed in with.");
        }
        UserService.validatePassword(change.newPassword());
        jdbc.sql("update users set password_hash = ? where id = ?").params(passwords.encode(change.newPassword()), me.id()).update();
        int revoked = change.revokeTokens() ? tokens.revokeAllOf(me.id()) : 0;
        audit.record(caller, AuditLog.Action.PASSWORD_CHANGED, null, "user " + me.id(),
                Map.of("revokeTokens", change.revokeTokens(), "revokedTokens", revoked));
        events.publishEvent(new AccessChanged(me.id(), origin.sessionId()));
    }

    private UserAccount account(long userId) {
        return jdbc.sql("select * from users where id = ?").param(userId).query(ACCOUNT).optional()
                .orElseThrow(() -> new NotFoundException("user"));
    }

    private void requireAnotherActiveAdmin(long userId, String what) {
        // Serialised, so two administrators demoting each other at the same moment cannot both succeed
        jdbc.sql("select pg_advisory_xact_lock(hashtext('flytrap.users.admins'))").query((rs, i) -> null).list();
        boolean another = jdbc.sql("select exists (select 1 from users where role = 'admin' and disabled_at is null and id <> ?)")
                .param(userId).query(Boolean.class).single();
        if (!another) {
            throw new IllegalArgumentException("This is the last active administrator, who cannot be " + what
                    + ". Make someone else an administrator first.");
        }
    }

    private static void requireAdmin(Caller caller) {
        caller.requireAdministrator("only administrators manage users");
    }
}
