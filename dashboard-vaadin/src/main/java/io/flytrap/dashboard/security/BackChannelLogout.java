package io.flytrap.dashboard.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.oauth2.client.oidc.authentication.logout.OidcLogoutToken;
import org.springframework.security.web.authentication.logout.LogoutHandler;

import java.util.Objects;

/**
 * The provider's back-channel logout: Spring has validated the logout token (signature, issuer, audience, event);
 * this ends the sessions it names — the user's sessions from that provider, or the one provider session ({@code sid})
 * when the token names one — as {@link SessionTermination} does when an administrator changes someone's rights.
 * Spring's default would call this server's own /logout over HTTP with each session's cookie; the session registry
 * is right here.
 */
class BackChannelLogout implements LogoutHandler {

    private final SessionRegistry sessions;

    BackChannelLogout(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
        if (!(authentication.getPrincipal() instanceof OidcLogoutToken token)) {
            return;
        }
        for (Object principal : sessions.getAllPrincipals()) {
            if (principal instanceof FlytrapPrincipal signedIn && named(signedIn, token)) {
                sessions.getAllSessions(principal, false).forEach(SessionInformation::expireNow);
            }
        }
    }

    private static boolean named(FlytrapPrincipal signedIn, OidcLogoutToken token) {
        var idToken = signedIn.idToken();
        if (idToken == null || !Objects.equals(String.valueOf(idToken.getIssuer()), String.valueOf(token.getIssuer()))) {
            return false;
        }
        if (token.getSessionId() != null) {
            return token.getSessionId().equals(idToken.getClaimAsString("sid"));
        }
        return Objects.equals(idToken.getSubject(), token.getSubject());
    }
}
