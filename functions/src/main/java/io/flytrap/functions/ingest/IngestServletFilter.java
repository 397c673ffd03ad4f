package io.flytrap.functions.ingest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Ingest in a servlet container: requests to an ingest route are answered here by {@link IngestHttpHandler}, every
 * other request passes on. A filter rather than controllers, so that Spring's own CORS handling (which answers
 * preflights before any controller runs) cannot make the containers' CORS differ from the Lambda's. The answer is
 * written without an explicit flush, which would cost every accepted event a separate socket write (about a tenth
 * of ingest's CPU time in bench/event-engine.sh, when a ResponseEntity did it).
 */
class IngestServletFilter extends OncePerRequestFilter {

    private final IngestHttpHandler ingest;

    IngestServletFilter(IngestHttpHandler ingest) {
        this.ingest = ingest;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Optional<IngestHttpHandler.Route> route = ingest.route(path);
        if (route.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        // Without a controller nobody else names the route, and every ingest request would be counted as UNKNOWN
        ServerHttpObservationFilter.findObservationContext(request)
                .ifPresent(observation -> observation.setPathPattern(route.get().template()));
        long length = request.getContentLengthLong();
        IngestHttpResponse answer = ingest.handle(route.get(), new IngestHttpRequest(request.getMethod(), path,
                request::getHeader, name -> RequestMeta.queryParameter(request.getQueryString(), name),
                length < 0 ? null : length, request::getInputStream, request.getRemoteAddr()));
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        if (answer.body().length > 0) {
            response.setContentLength(answer.body().length);
            response.getOutputStream().write(answer.body());
        }
    }
}
