package io.flytrap.dashboard.api;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.Map;

/**
 * A known /api/ path asked with a method or body type it does not take: 405 or 415 in JSON, answered here.
 * Left to Spring these went to the error page, which the dashboard's sign-in guards: a 302 to the sign-in page,
 * which sentry-cli followed and took for success ({@code releases delete} said "Deleted release").
 * Not limited to a package: a wrong method is found before any controller is chosen.
 */
@RestControllerAdvice
class ApiMethodErrors {

    @ExceptionHandler({HttpRequestMethodNotSupportedException.class, HttpMediaTypeNotSupportedException.class})
    ResponseEntity<Map<String, String>> refused(Exception refused, HttpServletRequest request) throws Exception {
        if (!request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            throw refused; // not the API's: Spring's usual handling
        }
        ErrorResponse error = (ErrorResponse) refused;
        String message = error.getStatusCode().value() == HttpStatus.METHOD_NOT_ALLOWED.value()
                ? "this endpoint does not take " + request.getMethod()
                : "this endpoint takes another content type";
        return ResponseEntity.status(error.getStatusCode()).headers(error.getHeaders())
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("detail", message, "error", message));
    }
}
