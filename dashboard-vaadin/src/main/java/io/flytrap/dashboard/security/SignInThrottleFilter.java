package io.flytrap.dashboard.security;

import io.flytrap.core.users.PasswordChecks;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Refuses a sign-in attempt before the password is even checked while its e-mail or address is throttled,
 * and sends the browser back to the sign-in page with a message saying to wait. (The password check itself refuses
 * too; this only gives the form its own message.)
 */
class SignInThrottleFilter extends OncePerRequestFilter {

    static final String LOGIN_PATH = "/login";

    private final PasswordChecks checks;

    SignInThrottleFilter(PasswordChecks checks) {
        this.checks = checks;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && LOGIN_PATH.equals(request.getServletPath()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (checks.isThrottled(request.getParameter("username"), request.getRemoteAddr())) {
            response.sendRedirect(request.getContextPath() + LOGIN_PATH + "?error&throttled");
            return;
        }
        chain.doFilter(request, response);
    }
}
