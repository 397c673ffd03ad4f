package io.flytrap.dashboard.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * Every path under /api/ that no endpoint serves, for every method. Without it Vaadin's catch-all answered 200
 * with the dashboard's HTML, which API clients (sentry-cli among them) took for success and then failed to parse.
 * The least specific pattern there is, so every real endpoint wins over it.
 */
@RestController
class UnknownApiPaths {

    @RequestMapping("/api/**")
    ResponseEntity<Map<String, String>> notFound() {
        // Sentry's shape, read by its tools; the management API's clients read "error"
        String message = "no API endpoint at this path for this method";
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("detail", message, "error", message));
    }
}
