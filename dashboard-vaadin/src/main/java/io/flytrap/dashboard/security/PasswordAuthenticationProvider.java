package io.flytrap.dashboard.security;

import io.flytrap.core.users.PasswordChecks;
import io.flytrap.core.users.SignInThrottledException;
import io.flytrap.core.users.User;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * The sign-in form's password check, made by core's {@link PasswordChecks} like every other one (API tokens,
 * password changes), so the form has no throttle or audit trail of its own that another path could go around.
 * Being the only AuthenticationProvider bean, Spring Security's global authentication manager uses it.
 */
@Component
class PasswordAuthenticationProvider implements AuthenticationProvider {

    private final PasswordChecks checks;

    PasswordAuthenticationProvider(PasswordChecks checks) {
        this.checks = checks;
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        String address = attempt.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : null;
        Object password = attempt.getCredentials();
        User user;
        try {
            user = checks.check(attempt.getName(), password == null ? null : password.toString(), PasswordChecks.Via.FORM, address)
                    .orElseThrow(() -> new BadCredentialsException("wrong e-mail or password"));
        } catch (SignInThrottledException throttled) {
            throw new LockedException(throttled.getMessage());
        }
        FlytrapPrincipal principal = new FlytrapPrincipal(user, null);
        UsernamePasswordAuthenticationToken signedIn = UsernamePasswordAuthenticationToken.authenticated(principal, null,
                principal.getAuthorities());
        signedIn.setDetails(attempt.getDetails());
        return signedIn;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
