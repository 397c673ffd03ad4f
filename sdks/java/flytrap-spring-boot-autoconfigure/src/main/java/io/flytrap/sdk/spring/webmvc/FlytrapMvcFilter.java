package io.flytrap.sdk.spring.webmvc;

import io.flytrap.sdk.Breadcrumb;
import io.flytrap.sdk.EventHint;
import io.flytrap.sdk.Flytrap;
import io.flytrap.sdk.IsolatedScope;
import io.flytrap.sdk.RequestInfo;
import io.flytrap.sdk.User;
import io.flytrap.sdk.spring.HttpRequests;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

import java.io.IOException;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reports requests that end in a server error: an exception that left the app unhandled, or one the app's own
 * handlers turned into a 5xx. A 404 or a handled 4xx is an answer, not an error, and is not reported.
 *
 * <p>Each request runs in an {@link IsolatedScope} copied from the global scope (never from what a pooled thread
 * may still have bound), so what it sets (Flytrap.setTag/setUser, breadcrumbs from its
 * log lines) goes with its own events only and is gone when it ends. A request's event ends with the request's own
 * "http" breadcrumb. An async request (a Callable or DeferredResult) resumes its scope in the async dispatch, where
 * its outcome is known.
 */
public final class FlytrapMvcFilter extends OncePerRequestFilter implements Ordered {

    /** The request's scope, for its async dispatch to resume. */
    private static final String SCOPE = FlytrapMvcFilter.class.getName() + ".scope";

    private final boolean sendDefaultPii;

    public FlytrapMvcFilter(boolean sendDefaultPii) {
        this.sendDefaultPii = sendDefaultPii;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10; // outside the app's filters, so their exceptions are seen too
    }

    /** The async dispatch finishes an async request: only there are its exception and status known. */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // closed on this thread whatever happens: a pooled thread must not carry the request's scope to the next
        try (IsolatedScope scope = enter(request)) {
            handle(request, response, chain);
        }
    }

    private void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException | Error escaped) {
            report(request, escaped, false, 500);
            throw escaped;
        }
        if (request.isAsyncStarted()) {
            return; // nothing is answered yet; the async dispatch reports what there is to report
        }
        FlytrapHandlerExceptionResolver.Failure failure = failure(request);
        if (failure != null && response.getStatus() >= 500) {
            report(request, failure.error(), true, response.getStatus()); // the app answered with a 5xx for it
        }
    }

    /** A new scope for a new request; the same one again for its async dispatch (on another thread). */
    private IsolatedScope enter(HttpServletRequest request) {
        try {
            if (isAsyncDispatch(request) && request.getAttribute(SCOPE) instanceof IsolatedScope first) {
                return first.resume();
            }
            IsolatedScope scope = Flytrap.isolatedGlobalScope();
            request.setAttribute(SCOPE, scope);
            return scope;
        } catch (RuntimeException ignored) {
            return Flytrap.isolatedGlobalScope(); // a request that refuses attributes still gets its own scope
        }
    }

    private void report(HttpServletRequest request, Throwable escaped, boolean handled, int status) {
        try {
            FlytrapHandlerExceptionResolver.Failure failure = failure(request);
            Throwable error = failure != null ? failure.error() : unwrap(escaped);
            if (!HttpRequests.isServerError(error)) {
                return;
            }
            String route = failure != null ? failure.route() : attribute(request, HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            EventHint.Builder hint = EventHint.builder().mechanism("spring.mvc", handled).request(requestInfo(request, route))
                    .breadcrumb(Breadcrumb.http(request.getMethod(), request.getRequestURI(), status));
            if (sendDefaultPii) {
                hint.user(new User(null, null, failure == null ? null : failure.principal(), request.getRemoteAddr()));
            }
            Flytrap.captureException(error, hint.build());
        } catch (RuntimeException ignored) {
            // reporting must never change the response
        }
    }

    /** The DispatcherServlet wraps a handler's exception in a ServletException ("Request processing failed"). */
    private static Throwable unwrap(Throwable escaped) {
        return escaped instanceof ServletException && escaped.getCause() != null ? escaped.getCause() : escaped;
    }

    private RequestInfo requestInfo(HttpServletRequest request, String route) {
        Map<String, String> headers = new LinkedHashMap<>();
        Enumeration<String> names = request.getHeaderNames();
        while (names != null && names.hasMoreElements()) {
            String name = names.nextElement();
            headers.put(name, request.getHeader(name));
        }
        String query = request.getQueryString();
        String url = request.getRequestURL().toString();
        return new RequestInfo(request.getMethod(), query == null ? url : url + "?" + query, query, headers, route);
    }

    private static FlytrapHandlerExceptionResolver.Failure failure(HttpServletRequest request) {
        return request.getAttribute(FlytrapHandlerExceptionResolver.ATTRIBUTE) instanceof FlytrapHandlerExceptionResolver.Failure f ? f : null;
    }

    private static String attribute(HttpServletRequest request, String name) {
        Object value = request.getAttribute(name);
        return value == null ? null : value.toString();
    }
}
