package io.flytrap.sdk.spring.webmvc;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;

import java.security.Principal;

/**
 * First in line for every exception a handler throws: notes it (with the route and the principal, which are only
 * known inside the DispatcherServlet) and resolves nothing, so the app's own handling goes on unchanged. Whether it
 * becomes an event is decided by {@link FlytrapMvcFilter} once the response status is known.
 */
public final class FlytrapHandlerExceptionResolver implements HandlerExceptionResolver, Ordered {

    static final String ATTRIBUTE = FlytrapHandlerExceptionResolver.class.getName() + ".failure";

    /** An exception a handler threw, with what the filter cannot see later. */
    record Failure(Throwable error, String route, String principal) {
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                         Exception error) {
        try {
            Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            Principal principal = request.getUserPrincipal();
            request.setAttribute(ATTRIBUTE, new Failure(error, route == null ? null : route.toString(),
                    principal == null ? null : principal.getName()));
        } catch (RuntimeException ignored) {
            // never in the way of the app's own error handling
        }
        return null;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
