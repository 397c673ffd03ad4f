package io.flytrap.dashboard.users;

import io.flytrap.core.audit.AuditLog;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserAccount;
import io.flytrap.core.users.UserAdminService;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
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

    record PasswordChange(String currentPassword, String newPassword) {
    }

    private final UserAdminService admin;
    private final AuditLog audit;

    UsersApiController(UserAdminService admin, AuditLog audit) {
        this.admin = admin;
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

    @PostMapping("/api/v1/users/{userId}/password-reset")
    WithPassword resetPassword(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long userId) {
        var reset = admin.resetPassword(principal.caller(), userId);
        return new WithPassword(reset.user(), reset.temporaryPassword());
    }

    @PutMapping("/api/v1/account/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changeOwnPassword(@AuthenticationPrincipal FlytrapPrincipal principal, @RequestBody PasswordChange change) {
        admin.changeOwnPassword(principal.caller(), change.currentPassword(), change.newPassword());
    }

    private static Role role(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "admin" -> Role.ADMIN;
            case "member" -> Role.MEMBER;
            default -> throw new IllegalArgumentException("role must be admin or member");
        };
    }
}
