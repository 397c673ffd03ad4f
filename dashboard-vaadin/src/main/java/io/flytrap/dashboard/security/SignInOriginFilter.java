package io.flytrap.dashboard.security;

import io.flytrap.core.urls.UrlProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;

/**
 * Takes the sign-in form only from this site's own pages. Vaadin exempts the form's {@code POST /login} from Spring's
 * CSRF tokens (its login component posts a plain form without one), so without this another site could sign a
 * visitor's browser into an account of the attacker's choosing (login CSRF). Every browser names the page a form
 * POST comes from in {@code Origin} (older ones in {@code Referer} only); it must be this server, as the browser
 * addressed it ({@code Host}) or as configured (FLYTRAP_PUBLIC_URL). A POST naming neither is no browser's and is
 * refused too: scripts sign in with {@code POST /api/v1/tokens}.
 * <p>
 * A servlet filter ahead of Spring Security's, so a refused POST never reaches authentication or the throttle.
 */
@Component
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1)
class SignInOriginFilter extends OncePerRequestFilter {

    private final URI publicUrl;

    SignInOriginFilter(UrlProperties urls) {
        this.publicUrl = URI.create(urls.publicUrl());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && SignInThrottleFilter.LOGIN_PATH.equals(request.getServletPath()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        String source = origin != null ? origin : request.getHeader(HttpHeaders.REFERER);
        if (isThisSite(source, request.getHeader(HttpHeaders.HOST))) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType(MediaType.TEXT_PLAIN_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("Sign-in refused: the form was not sent from a page of this site. Open the sign-in "
                + "page at " + publicUrl + " and try again (behind a proxy, check FLYTRAP_PUBLIC_URL).\n");
    }

    /** Whether an Origin or Referer names this server: the host the browser addressed, or the configured public URL. */
    private boolean isThisSite(String source, String host) {
        URI page = parsed(source);
        if (page == null || page.getHost() == null || !("http".equals(page.getScheme()) || "https".equals(page.getScheme()))) {
            return false; // missing, "null" (an opaque origin: sandboxed frame, data: URL) or not a web page
        }
        String authority = authority(page.getScheme(), page.getHost(), page.getPort());
        // the scheme is not compared with Host's: a TLS-terminating proxy may forward https pages over plain http
        boolean addressed = host != null && (authority.equals(host.toLowerCase(Locale.ROOT))
                || authority.equals(withoutDefaultPort(page.getScheme(), host.toLowerCase(Locale.ROOT))));
        boolean configured = page.getScheme().equals(publicUrl.getScheme())
                && authority.equals(authority(publicUrl.getScheme(), publicUrl.getHost(), publicUrl.getPort()));
        return addressed || configured;
    }

    private static URI parsed(String value) {
        if (value == null) {
            return null;
        }
        try {
            return new URI(value.strip());
        } catch (java.net.URISyntaxException malformed) {
            return null;
        }
    }

    private static String authority(String scheme, String host, int port) {
        String name = host == null ? "" : host.toLowerCase(Locale.ROOT);
        return port == -1 || port == defaultPort(scheme) ? name : name + ":" + port;
    }

    private static String withoutDefaultPort(String scheme, String host) {
        String suffix = ":" + defaultPort(scheme);
        return host.endsWith(suffix) ? host.substring(0, host.length() - suffix.length()) : host;
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }
}
