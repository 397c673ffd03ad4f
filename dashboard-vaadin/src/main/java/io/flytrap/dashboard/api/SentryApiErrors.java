package io.flytrap.dashboard.api;

import io.flytrap.core.access.ForbiddenException;
import io.flytrap.core.access.NotFoundException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.Map;

/** Errors of the {@link SentryCompatible} controllers, in Sentry's shape; ahead of {@link ApiErrors}. */
@RestControllerAdvice(annotations = SentryCompatible.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class SentryApiErrors {

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Map<String, String>> notFound(NotFoundException e) {
        return detail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    /** sentry-cli shows the detail: e.g. that the token lacks the scope asked for. */
    @ExceptionHandler(ForbiddenException.class)
    ResponseEntity<Map<String, String>> forbidden(ForbiddenException e) {
        return detail(HttpStatus.FORBIDDEN, e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> invalid(IllegalArgumentException e) {
        return detail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        return detail(HttpStatus.BAD_REQUEST, ApiErrors.unreadableMessage(e));
    }

    static ResponseEntity<Map<String, String>> detail(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of("detail", message));
    }
}
