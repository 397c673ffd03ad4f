package io.flytrap.core.users;

import java.util.Set;

/**
 * Who the identity provider says signed in, from the validated ID token (and user info).
 *
 * @param emailVerified the provider's {@code email_verified}: only a verified address links to an existing account
 */
public record SsoIdentity(String issuer, String subject, String email, boolean emailVerified, String displayName,
                          Set<String> groups) {

    public SsoIdentity {
        groups = groups == null ? Set.of() : Set.copyOf(groups);
    }
}
