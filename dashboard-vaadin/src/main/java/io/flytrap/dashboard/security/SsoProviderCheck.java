package io.flytrap.dashboard.security;

import io.flytrap.core.users.SsoRefusedException.Reason;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * The sign-in button while the identity provider cannot be reached: back to the sign-in page with the reason in
 * words, where Spring's redirect filter would answer a bare 500 for a registration it cannot find.
 */
class SsoProviderCheck extends OncePerRequestFilter {

    private final ClientRegistrationRepository registrations;
    private final String registrationId;
    private final String startPath;

    SsoProviderCheck(ClientRegistrationRepository registrations, String registrationId) {
        this.registrations = registrations;
        this.registrationId = registrationId;
        this.startPath = OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI + "/" + registrationId;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !startPath.equals(request.getRequestURI().substring(request.getContextPath().length()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (registrations.findByRegistrationId(registrationId) == null) {
            response.sendRedirect(request.getContextPath() + "/login?sso-refused=" + Reason.PROVIDER_UNREACHABLE.code());
            return;
        }
        chain.doFilter(request, response);
    }
}
