package io.flytrap.dashboard.security;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The API's error body, {"error": "..."}, for answers given before any controller runs. */
final class JsonErrors {

    private JsonErrors() {
    }

    static void write(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        // The messages are our own constants, never request data, so no escaping is needed.
        response.getWriter().write("{\"error\":\"" + message + "\"}");
    }
}
