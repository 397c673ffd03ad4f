package io.flytrap.dashboard.security;

import io.flytrap.core.users.SsoRefusedException.Reason;
import io.flytrap.core.users.SsoSignIn;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import java.io.IOException;
import java.util.Arrays;

/**
 * A refused single sign-on ends on the sign-in page with the reason in words ({@code /login?sso-refused=<code>}),
 * never a stack trace. Refusals before Flytrap's policy (an invalid or expired ID token, an error from the
 * provider) are audited here; the policy's own were audited by core. Only error codes are logged: descriptions
 * can quote claims, and tokens never leave Spring's classes.
 */
class SsoFailureHandler implements AuthenticationFailureHandler {

    private static final Logger log = LoggerFactory.getLogger(SsoFailureHandler.class);

    private final SsoSignIn signIn;

    SsoFailureHandler(SsoSignIn signIn) {
        this.signIn = signIn;
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception) throws IOException {
        String code = exception instanceof OAuth2AuthenticationException oauth ? oauth.getError().getErrorCode() : "unknown";
        Reason reason;
        if (OidcAccounts.REFUSED.equals(code)) {
            String refused = ((OAuth2AuthenticationException) exception).getError().getDescription();
            reason = Arrays.stream(Reason.values()).filter(r -> r.code().equals(refused)).findFirst().orElse(Reason.NOT_ALLOWED);
        } else {
            reason = code.startsWith("invalid_id_token") || code.equals("invalid_nonce") ? Reason.INVALID_TOKEN : Reason.PROVIDER_ERROR;
            signIn.recordRefusal(reason, request.getRemoteAddr());
            log.info("Single sign-on refused: {} ({})", reason.code(), code);
        }
        response.sendRedirect(request.getContextPath() + "/login?sso-refused=" + reason.code());
    }
}
