package io.flytrap.dashboard.security;

import io.flytrap.core.users.OidcProperties;
import io.flytrap.core.users.SsoIdentity;
import io.flytrap.core.users.SsoRefusedException;
import io.flytrap.core.users.SsoSignIn;
import io.flytrap.core.users.User;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * After the provider's tokens are validated (signature, issuer, audience, expiry, nonce: Spring's OIDC login), hands
 * the identity to core's {@link SsoSignIn} and signs in as the Flytrap user it names. The claims read are the ID
 * token's merged with user info (GitLab, for one, lists groups only there).
 */
class OidcAccounts implements OAuth2UserService<OidcUserRequest, OidcUser> {

    /** The error code of a refusal by Flytrap's policy, already audited by core. */
    static final String REFUSED = "flytrap_refused";

    private final OidcUserService provider = new OidcUserService();
    private final SsoSignIn signIn;
    private final OidcProperties settings;

    OidcAccounts(SsoSignIn signIn, OidcProperties settings) {
        this.signIn = signIn;
        this.settings = settings;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser claims = provider.loadUser(request);
        SsoIdentity identity = new SsoIdentity(String.valueOf(claims.getIssuer()), claims.getSubject(), claims.getEmail(),
                isTrue(claims.getClaims().get("email_verified")), claims.getFullName(),
                groups(claim(claims.getClaims(), settings.groupsClaim())));
        try {
            User user = signIn.signIn(identity, remoteAddress());
            return new FlytrapPrincipal(user, null, user.asCaller(), claims.getIdToken());
        } catch (SsoRefusedException refused) {
            throw new OAuth2AuthenticationException(new OAuth2Error(REFUSED, refused.reason().code(), null));
        }
    }

    /** Some providers send {@code "true"} as a string. */
    private static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(value) || "true".equals(value);
    }

    /** A claim by name, or by a dotted path into nested claims (Keycloak's {@code realm_access.roles}). */
    static Object claim(Map<String, Object> claims, String name) {
        if (claims.containsKey(name)) {
            return claims.get(name);
        }
        Object current = claims;
        for (String part : name.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    /** A list of group names, or one string of them separated by commas or spaces. */
    static Set<String> groups(Object value) {
        Set<String> groups = new LinkedHashSet<>();
        if (value instanceof Collection<?> list) {
            list.forEach(group -> groups.add(String.valueOf(group).strip()));
        } else if (value instanceof String text) {
            Arrays.stream(text.split("[,\\s]+")).forEach(groups::add);
        }
        groups.remove("");
        return groups;
    }

    private static String remoteAddress() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
                ? request.getRequest().getRemoteAddr() : null;
    }
}
