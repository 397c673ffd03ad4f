package io.flytrap.dashboard.security;

import io.flytrap.core.audit.AuditLog;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

import java.util.Map;

/** Sign-ins through the form, good and bad: counted for the throttle and written to the audit log. */
@Component
class SignInEvents {

    private final SignInThrottle throttle;
    private final AuditLog audit;

    SignInEvents(SignInThrottle throttle, AuditLog audit) {
        this.throttle = throttle;
        this.audit = audit;
    }

    @EventListener
    void succeeded(InteractiveAuthenticationSuccessEvent event) {
        Authentication authentication = event.getAuthentication();
        if (authentication.getPrincipal() instanceof FlytrapPrincipal principal) {
            throttle.succeeded(principal.getUsername());
            audit.recordAlone(principal.caller().userId(), AuditLog.Action.SIGN_IN, principal.getUsername(),
                    Map.of(), remoteAddress(authentication));
        }
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        Authentication attempt = event.getAuthentication();
        String email = attempt.getName();
        String address = remoteAddress(attempt);
        throttle.failed(email, address);
        // The attempted e-mail is recorded as typed (bounded): an administrator reading the log wants to see it
        audit.recordAlone(null, AuditLog.Action.SIGN_IN_FAILED, email == null ? "" : truncated(email, 320),
                Map.of("reason", event.getException().getClass().getSimpleName()), address);
    }

    private static String remoteAddress(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : null;
    }

    private static String truncated(String value, int max) {
        return value.length() > max ? value.substring(0, max) : value;
    }
}
