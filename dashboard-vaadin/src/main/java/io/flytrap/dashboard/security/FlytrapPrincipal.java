package io.flytrap.dashboard.security;

import io.flytrap.core.access.Caller;
import io.flytrap.core.users.User;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import java.util.Collection;
import java.util.List;

/**
 * The signed-in user as Spring Security sees them, and who their requests act as.
 *
 * @param passwordHash never held: passwords are checked by core's PasswordChecks, not by Spring Security
 * @param caller       the user's own rights, or for a project's upload token that project and the token's scopes
 */
public record FlytrapPrincipal(User user, String passwordHash, Caller caller) implements UserDetails {

    public static final String ADMIN = "ADMIN";
    public static final String MEMBER = "MEMBER";

    /** A user signed in with their password (or a personal token): all their rights. */
    public FlytrapPrincipal(User user, String passwordHash) {
        this(user, passwordHash, user.asCaller());
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_" + (caller.admin() ? ADMIN : MEMBER)));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return user.email();
    }

    @Override
    public String toString() {
        return "FlytrapPrincipal[" + user.email() + "]";
    }
}
