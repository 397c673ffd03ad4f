package io.flytrap.dashboard.security;

import io.flytrap.core.access.Caller;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.User;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import java.util.Collection;
import java.util.List;

/** The signed-in user as Spring Security sees them. The password hash is only present during sign-in. */
public record FlytrapPrincipal(User user, String passwordHash, Long projectScope) implements UserDetails {

    public static final String ADMIN = "ADMIN";
    public static final String MEMBER = "MEMBER";

    /** A user signed in with their password (or a personal token): all their rights. */
    public FlytrapPrincipal(User user, String passwordHash) {
        this(user, passwordHash, null);
    }

    /** Who the request acts as; a project's upload token reaches that project only, without administrator rights. */
    public Caller caller() {
        return projectScope == null ? user.asCaller() : new Caller(user.id(), false, projectScope);
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_" + (user.role() == Role.ADMIN && projectScope == null ? ADMIN : MEMBER)));
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
