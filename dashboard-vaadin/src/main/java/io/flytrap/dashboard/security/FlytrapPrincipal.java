package io.flytrap.dashboard.security;

import io.flytrap.core.access.Caller;
import io.flytrap.core.users.User;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The signed-in user as Spring Security sees them, and who their requests act as. One type whichever way they
 * signed in, so every view and controller reads the same principal; after single sign-on it is also the OidcUser
 * Spring's OAuth2 login expects, carrying the ID token that back-channel logout matches sessions by.
 *
 * @param passwordHash never held: passwords are checked by core's PasswordChecks, not by Spring Security
 * @param caller       the user's own rights, or for a project's upload token that project and the token's scopes
 * @param idToken      the provider's ID token after single sign-on; null after a password or token sign-in
 */
public record FlytrapPrincipal(User user, String passwordHash, Caller caller, OidcIdToken idToken)
        implements UserDetails, OidcUser {

    public static final String ADMIN = "ADMIN";
    public static final String MEMBER = "MEMBER";

    /** A user signed in with their password (or a personal token): all their rights. */
    public FlytrapPrincipal(User user, String passwordHash) {
        this(user, passwordHash, user.asCaller());
    }

    public FlytrapPrincipal(User user, String passwordHash, Caller caller) {
        this(user, passwordHash, caller, null);
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
    public String getName() {
        return user.email();
    }

    @Override
    public Map<String, Object> getClaims() {
        return idToken == null ? Map.of() : idToken.getClaims();
    }

    @Override
    public Map<String, Object> getAttributes() {
        return getClaims();
    }

    @Override
    public OidcUserInfo getUserInfo() {
        return null;
    }

    @Override
    public OidcIdToken getIdToken() {
        return idToken;
    }

    @Override
    public String toString() {
        // never the token: it would put a bearer credential into whatever logs this
        return "FlytrapPrincipal[" + user.email() + "]";
    }
}
