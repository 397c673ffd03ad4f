package io.flytrap.dashboard.security;

import io.flytrap.core.users.ApiTokenService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Authenticates management API calls with a personal API token ({@code Authorization: Bearer ...}).
 * A present but unknown token is refused outright rather than treated as anonymous.
 */
class BearerTokenFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";

    private final ApiTokenService tokens;
    /**
     * The strategy this chain's other filters use: the application's own (Vaadin registers one as a bean). The
     * global holder is not it once a second application has started in the same JVM (as in the tests), and a
     * context set there would be invisible to this chain.
     */
    private final SecurityContextHolderStrategy contexts;

    BearerTokenFilter(ApiTokenService tokens, SecurityContextHolderStrategy contexts) {
        this.tokens = tokens;
        this.contexts = contexts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            chain.doFilter(request, response);
            return;
        }
        var owner = tokens.authenticate(header.substring(PREFIX.length()).strip());
        if (owner.isEmpty()) {
            JsonErrors.write(response, HttpServletResponse.SC_UNAUTHORIZED, "invalid or revoked API token");
            return;
        }
        FlytrapPrincipal principal = new FlytrapPrincipal(owner.get().user(), null, owner.get().asCaller());
        var authentication = UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities());
        var context = contexts.createEmptyContext();
        context.setAuthentication(authentication);
        contexts.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            contexts.clearContext();
        }
    }
}
