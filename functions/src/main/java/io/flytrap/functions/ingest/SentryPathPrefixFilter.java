package io.flytrap.functions.ingest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DSN may carry a path (https://key@host/errors/42), and Sentry SDKs then post to /errors/api/42/envelope/.
 * Such requests are forwarded to the plain endpoints before anything else (security included) looks at them.
 */
class SentryPathPrefixFilter extends OncePerRequestFilter {

    private static final Pattern PREFIXED = Pattern.compile("^/.+(/api/\\d{1,18}/(?:envelope|store)/?)$");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher matcher = PREFIXED.matcher(request.getRequestURI().substring(request.getContextPath().length()));
        if (matcher.matches() && "POST".equals(request.getMethod())) {
            request.getRequestDispatcher(matcher.group(1)).forward(request, response);
            return;
        }
        chain.doFilter(request, response);
    }
}
