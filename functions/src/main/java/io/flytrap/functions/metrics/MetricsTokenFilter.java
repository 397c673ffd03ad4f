package io.flytrap.functions.metrics;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The Prometheus scrape answers only to {@code Authorization: Bearer <FLYTRAP_METRICS_TOKEN>}: metric labels name
 * projects and the scrape shows traffic, so it is not for anyone who can reach the port (the dashboard's and
 * ingest's port is often public). Without a configured token nobody gets it: safe by default. Both sides are hashed
 * before the constant-time compare, so neither the token's length nor a prefix leaks through timing.
 */
class MetricsTokenFilter extends OncePerRequestFilter {

    static final String REFUSAL = "the metrics scrape needs Authorization: Bearer <FLYTRAP_METRICS_TOKEN>";
    private static final String NOT_SET = "the metrics scrape is off: set FLYTRAP_METRICS_TOKEN and send it as a bearer token";

    /** null when no token is configured */
    private final byte[] expected;

    MetricsTokenFilter(String token) {
        this.expected = token == null || token.isBlank() ? null : sha256(token.strip());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        boolean allowed = expected != null && header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(expected, sha256(header.substring(7).strip()));
        if (allowed) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer realm=\"flytrap-metrics\"");
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(expected == null ? NOT_SET : REFUSAL);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
