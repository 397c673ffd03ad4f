package io.flytrap.dashboard.security;

import io.flytrap.core.users.UserAdminService;
import org.springframework.context.event.EventListener;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.stereotype.Component;

/**
 * Ends the sessions of a user whose rights changed (disabled, role changed, password reset or changed), so nobody
 * keeps working with the rights they had when they signed in. The next request of such a session finds it expired
 * and must sign in again; the session a user changed their own password in goes on. Sessions live in this JVM:
 * each dashboard replica ends its own.
 */
@Component
class SessionTermination {

    private final SessionRegistry sessions;

    SessionTermination(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    @EventListener
    void accessChanged(UserAdminService.AccessChanged changed) {
        for (Object principal : sessions.getAllPrincipals()) {
            if (principal instanceof FlytrapPrincipal flytrap && flytrap.user().id() == changed.userId()) {
                sessions.getAllSessions(principal, false).stream()
                        .filter(session -> !session.getSessionId().equals(changed.keepSessionId()))
                        .forEach(SessionInformation::expireNow);
            }
        }
    }
}
