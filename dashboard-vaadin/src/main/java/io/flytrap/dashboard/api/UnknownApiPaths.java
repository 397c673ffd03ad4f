package io.flytrap.dashboard.api;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Every path under /api/ that no endpoint serves, for every method, answers a JSON 404. Without it Vaadin's
 * catch-all answered 200 with the dashboard's HTML, which API clients (sentry-cli among them) took for success
 * and then failed to parse.
 * <p>
 * A handler mapping consulted after the controllers' and before Vaadin's, not a {@code @RequestMapping("/api/**")}:
 * a controller pattern would also match CORS preflights, and Spring MVC answers a preflight that two handlers
 * match with an allow-everything CORS policy instead of the ingest endpoints' own.
 */
@Configuration(proxyBeanMethods = false)
class UnknownApiPaths {

    /** Sentry's shape, read by its tools; the management API's clients read "error". Our constant, no request data. */
    static final String BODY = "{\"detail\":\"no API endpoint at this path for this method\","
            + "\"error\":\"no API endpoint at this path for this method\"}";

    /** After RequestMappingHandlerMapping (0) and RouterFunctionMapping (3), well before Vaadin's (lowest - 1). */
    static final int ORDER = 100;

    @Bean
    SimpleUrlHandlerMapping unknownApiPathsMapping() {
        HttpRequestHandler notFound = (request, response) -> {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write(BODY);
        };
        return new SimpleUrlHandlerMapping(Map.of("/api", notFound, "/api/**", notFound), ORDER);
    }
}
