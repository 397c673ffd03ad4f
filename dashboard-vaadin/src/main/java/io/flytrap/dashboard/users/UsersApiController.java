package io.flytrap.dashboard.users;

import io.flytrap.core.audit.AuditLog;
import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.TokenInfo;
import io.flytrap.core.users.UserAccount;
import io.flytrap.core.users.UserAdminService;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Locale;

/** Users (administrators only) and one's own account. */
@RestController
class UsersApiController {

    record NewUser(String email, String role) {
    }

    /** Every field optional: only what is present changes. */
    record UserChange(String role, Boolean disabled) {
    }

    record WithPassword(UserAccount user, String temporaryPassword) {
    }

    /** @param revokeTokens absent: true, every API token the user made stops working */
    record ResetRequest(Boolean revokeTokens) {
    }

    record Reset(UserAccount user, String temporaryPassword, int revokedTokens) {
    }

    /** @param revokeTokens absent: false, the user's API tokens go on (their other sessions end either way) */
    record PasswordChange(String currentPassword, String newPassword, Boolean revokeTokens) {
    }

    private final UserAdminService admin;
    private final ApiTokenService tokens;
    private final AuditLog audit;

    UsersApiController(UserAdminService admin, ApiTokenService tokens, AuditLog audit) {
        this.admin = admin;
        this.tokens = tokens;
        this.audit = audit;
    }

    /** Administrators: who signed in, changed roles, created or revoked keys, deleted things — newest first. */
    @GetMapping("/api/v1/audit")
    List<AuditLog.Entry> auditLog(@AuthenticationPrincipal FlytrapPrincipal principal,
                                  @RequestParam(defaultValue = "100") int limit) {
        return audit.recent(principal.caller(), limit);
    }

    @GetMapping("/api/v1/users")
    List<UserAccount> list(@AuthenticationPrincipal FlytrapPrincipal principal) {
        return admin.list(principal.caller());
    }

    /** The answer carries a one-time password to hand to the new user; it is not stored in clear anywhere. */
    @PostMapping("/api/v1/users")
    @ResponseStatus(HttpStatus.CREATED)
    WithPassword create(@AuthenticationPrincipal FlytrapPrincipal principal, @RequestBody NewUser request) {
        var created = admin.create(principal.caller(), request.email(), role(request.role() == null ? "member" : request.role()));
        return new WithPassword(created.user(), created.temporaryPassword());
    }

    @PatchMapping("/api/v1/users/{userId}")
    UserAccount change(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long userId,
                       @RequestBody UserChange change) {
        UserAccount result = null;
        if (change.role() != null) {
            result = admin.setRole(principal.caller(), userId, role(change.role()));
        }
        if (change.disabled() != null) {
            result = admin.setDisabled(principal.caller(), userId, change.disabled());
        }
        if (result == null) {
            throw new IllegalArgumentException("nothing to change: send role and/or disabled");
        }
        return result;
    }

    /** Ends all the user's sessions and, unless the body says {"revokeTokens": false}, revokes all their API tokens. */
    @PostMapping("/api/v1/users/{userId}/password-reset")
    Reset resetPassword(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long userId,
                        @RequestBody(required = false) ResetRequest request) {
        boolean revokeTokens = request == null || request.revokeTokens() == null || request.revokeTokens();
        var reset = admin.resetPassword(principal.caller(), userId, revokeTokens);
        return new Reset(reset.user(), reset.temporaryPassword(), reset.revokedTokens());
    }

    /** A user's personal API tokens, for administrators (and the user). */
    @GetMapping("/api/v1/users/{userId}/tokens")
    List<TokenInfo> tokens(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long userId) {
        return tokens.listPersonal(principal.caller(), userId);
    }

    @DeleteMapping("/api/v1/users/{userId}/tokens/{tokenId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revokeToken(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long userId, @PathVariable long tokenId) {
        tokens.revokePersonal(principal.caller(), userId, tokenId);
    }

    /**
     * The current password is checked like a sign-in (429 after too many wrong ones). Every session of the user
     * ends (an API call has none of its own to keep); API tokens only with "revokeTokens": true.
     */
    @PutMapping("/api/v1/account/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changeOwnPassword(@AuthenticationPrincipal FlytrapPrincipal principal, @RequestBody PasswordChange change,
                           HttpServletRequest request) {
        admin.changeOwnPassword(principal.caller(), new UserAdminService.PasswordChange(change.currentPassword(),
                change.newPassword(), Boolean.TRUE.equals(change.revokeTokens())),
                new UserAdminService.Origin(request.getRemoteAddr(), null));
    }

    private static Role role(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "admin" -> Role.ADMIN;
            case "member" -> Role.MEMBER;
            default -> throw new IllegalArgumentException("role must be admin or member");
        };
    }
}
