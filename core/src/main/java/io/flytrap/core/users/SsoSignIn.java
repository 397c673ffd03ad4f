package io.flytrap.core.users;

import io.flytrap.core.access.Tokens;
import io.flytrap.core.audit.AuditLog;
import io.flytrap.core.projects.SsoMemberships;
import io.flytrap.core.users.SsoRefusedException.Reason;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an identity the provider vouched for into a Flytrap user: the account it links to (by verified e-mail
 * only) or one made just in time (allowed domain or group only), with the role and project memberships its groups
 * grant, re-evaluated at every sign-in. A refusal is audited with its reason and changes nothing: the transaction
 * rolls back, so no account, membership or session comes of it.
 */
@Service
@EnableConfigurationProperties(OidcProperties.class)
public class SsoSignIn {

    private final OidcProperties settings;
    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final SsoMemberships memberships;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    public SsoSignIn(OidcProperties settings, JdbcClient jdbc, PasswordEncoder passwords, SsoMemberships memberships,
                     AuditLog audit, ApplicationEventPublisher events) {
        this.settings = settings;
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.memberships = memberships;
        this.audit = audit;
        this.events = events;
    }

    private record Found(User user, boolean disabled) {
    }

    @Transactional
    public User signIn(SsoIdentity identity, String remoteAddress) {
        String email = identity.email() == null ? "" : identity.email().strip();
        if (email.isEmpty() || email.indexOf('@') < 1) {
            throw refuse(Reason.NO_EMAIL, email, identity, remoteAddress);
        }
        Optional<Found> existing = find(email);
        boolean created = existing.isEmpty();
        User user;
        if (existing.isPresent()) {
            if (existing.get().disabled()) {
                throw refuse(Reason.ACCOUNT_DISABLED, email, identity, remoteAddress);
            }
            // anyone can type any address at some providers: only the provider's word that it is theirs links it
            if (!identity.emailVerified()) {
                throw refuse(Reason.EMAIL_NOT_VERIFIED, email, identity, remoteAddress);
            }
            user = existing.get().user();
        } else {
            if (!mayCreate(email, identity)) {
                throw refuse(identity.emailVerified() || inAllowedGroup(identity) ? Reason.NOT_ALLOWED : Reason.EMAIL_NOT_VERIFIED,
                        email, identity, remoteAddress);
            }
            user = create(email, identity);
        }
        user = applyRole(user, identity);
        if (settings.managesMemberships()) {
            memberships.sync(user.id(), settings.projectsFor(identity.groups()));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("via", "oidc");
        details.put("subject", identity.subject());
        details.put("account", created ? "created" : "linked");
        audit.recordFor(user.id(), AuditLog.Action.SIGN_IN, user.email(), details, remoteAddress);
        return user;
    }

    /** A refusal found before the identity reached Flytrap's policy (an invalid or expired token), for the log. */
    public void recordRefusal(Reason reason, String remoteAddress) {
        audit.recordAlone(null, AuditLog.Action.SIGN_IN_FAILED, "", Map.of("via", "oidc", "reason", reason.code()), remoteAddress);
    }

    private boolean mayCreate(String email, SsoIdentity identity) {
        String domain = email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        // a domain vouches for nobody unless the provider verified the address
        return (identity.emailVerified() && settings.allowedDomains().contains(domain)) || inAllowedGroup(identity);
    }

    private boolean inAllowedGroup(SsoIdentity identity) {
        return settings.allowedGroups().stream().anyMatch(identity.groups()::contains);
    }

    private User create(String email, SsoIdentity identity) {
        UserService.validEmail(email);
        Role role = settings.managesAdminRole() && identity.groups().contains(settings.adminGroup()) ? Role.ADMIN : Role.MEMBER;
        // an account made by sign-on has no password anyone knows: a random one, hashed like any other
        User user = jdbc.sql("insert into users (email, display_name, password_hash, role) values (?, ?, ?, ?) returning *")
                .params(email, identity.displayName(), passwords.encode(Tokens.randomUrlSafe(32)), role.column())
                .query(UserService.USER).single();
        audit.recordFor(user.id(), AuditLog.Action.USER_CREATED, null, "user " + user.id(),
                Map.of("email", user.email(), "role", role.column(), "via", "oidc"));
        return user;
    }

    private User applyRole(User user, SsoIdentity identity) {
        if (!settings.managesAdminRole()) {
            return user;
        }
        Role wanted = identity.groups().contains(settings.adminGroup()) ? Role.ADMIN : Role.MEMBER;
        if (wanted == user.role() || (wanted == Role.MEMBER && lastAdministrator(user.id()))) {
            // the last active administrator is never demoted, as by hand: the installation must keep one
            return user;
        }
        jdbc.sql("update users set role = ? where id = ?").params(wanted.column(), user.id()).update();
        audit.recordFor(user.id(), AuditLog.Action.ROLE_CHANGED, null, "user " + user.id(),
                Map.of("from", user.role().column(), "to", wanted.column(), "via", "oidc"));
        events.publishEvent(new UserAdminService.AccessChanged(user.id()));
        return new User(user.id(), user.email(), user.displayName(), wanted);
    }

    private boolean lastAdministrator(long userId) {
        return !jdbc.sql("select exists (select 1 from users where role = 'admin' and disabled_at is null and id <> ?)")
                .param(userId).query(Boolean.class).single();
    }

    private Optional<Found> find(String email) {
        return jdbc.sql("select *, disabled_at is not null as disabled from users where lower(email) = lower(?)").param(email)
                .query((rs, i) -> new Found(UserService.USER.mapRow(rs, i), rs.getBoolean("disabled"))).optional();
    }

    private SsoRefusedException refuse(Reason reason, String email, SsoIdentity identity, String remoteAddress) {
        // its own transaction: the sign-in's rolls back, the record of the refusal must not
        audit.recordAlone(null, AuditLog.Action.SIGN_IN_FAILED, email.length() > 320 ? email.substring(0, 320) : email,
                Map.of("via", "oidc", "reason", reason.code(), "subject", String.valueOf(identity.subject())), remoteAddress);
        return new SsoRefusedException(reason);
    }
}
