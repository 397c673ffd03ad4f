package io.flytrap.core.users;

import io.flytrap.core.audit.AuditLog;
import org.springframework.stereotype.Service;

import java.util.Map;
import java.util.Optional;

/**
 * The one way to check a user's password: the sign-in form, exchanging a password for an API token and proving the
 * current password to change it all come here, so each attempt meets the same throttle and lands in the same audit
 * log. A new place that takes a password must come here too (ArchitectureTests keeps {@link UserService#authenticate}
 * to this package).
 */
@Service
public class PasswordChecks {

    /** Where the password was typed, as the audit log records it ({@code details.via}). */
    public enum Via {
        FORM("form"), API_TOKEN("api-token"), PASSWORD_CHANGE("password-change");

        private final String stored;

        Via(String stored) {
            this.stored = stored;
        }
    }

    /** The attempted e-mail is recorded as typed, but bounded: an administrator reading the log wants to see it. */
    private static final int MAX_AUDITED_EMAIL = 320;

    private final UserService users;
    private final SignInThrottle throttle;
    private final AuditLog audit;
    private final LocalLogin localLogin;

    public PasswordChecks(UserService users, SignInThrottle throttle, AuditLog audit, LocalLogin localLogin) {
        this.users = users;
        this.throttle = throttle;
        this.audit = audit;
        this.localLogin = localLogin;
    }

    /** For the sign-in form, to send a throttled browser back with a message before it posts a password. */
    public boolean isThrottled(String email, String remoteAddress) {
        return throttle.isBlocked(email, remoteAddress);
    }

    /**
     * The user, if the password is right. A wrong one is counted and audited; while the e-mail or the address is
     * throttled the password is not checked at all, and the answer is {@link SignInThrottledException}.
     *
     * @param remoteAddress the client's address, or null when unknown (then only the e-mail is counted)
     */
    public Optional<User> check(String email, String password, Via via, String remoteAddress) {
        if (throttle.isBlocked(email, remoteAddress)) {
            throw new SignInThrottledException();
        }
        if (!localLogin.allows(email)) {
            // single sign-on only: the password is not even looked at, and nothing is counted against the account
            audit.recordAlone(null, AuditLog.Action.SIGN_IN_FAILED, audited(email),
                    Map.of("via", via.stored, "reason", "local-login-disabled"), remoteAddress);
            return Optional.empty();
        }
        Optional<User> user = users.authenticate(email, password);
        if (user.isEmpty()) {
            throttle.failed(email, remoteAddress);
            // its own transaction: a refused password change rolls back, its audit entry must not
            audit.recordAlone(null, AuditLog.Action.SIGN_IN_FAILED, audited(email), Map.of("via", via.stored), remoteAddress);
            return user;
        }
        throttle.succeeded(email);
        if (via != Via.PASSWORD_CHANGE) {
            // a password change records itself (password_changed) once it is done
            audit.recordAlone(user.get().id(), AuditLog.Action.SIGN_IN, user.get().email(), Map.of("via", via.stored), remoteAddress);
        }
        return user;
    }

    private static String audited(String email) {
        return email == null ? "" : email.length() > MAX_AUDITED_EMAIL ? email.substring(0, MAX_AUDITED_EMAIL) : email;
    }
}
