package io.flytrap.dashboard.api;

import io.flytrap.core.access.ForbiddenException;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.sourcemaps.ArtifactTooLargeException;
import io.flytrap.core.sourcemaps.InvalidSourceMapException;
import io.flytrap.core.sourcemaps.UploadQuotaExceededException;
import io.flytrap.core.users.SignInThrottledException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;

import java.util.Map;

/** The management API's error answers: a status and {"error": "..."}, never a stack trace. */
@RestControllerAdvice(basePackages = "io.flytrap.dashboard")
class ApiErrors {

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Map<String, String>> notFound(NotFoundException e) {
        return error(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(ForbiddenException.class)
    ResponseEntity<Map<String, String>> forbidden(ForbiddenException e) {
        return error(HttpStatus.FORBIDDEN, e.getMessage());
    }

    @ExceptionHandler(ArtifactTooLargeException.class)
    ResponseEntity<Map<String, String>> tooLarge(ArtifactTooLargeException e) {
        return error(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
    }

    @ExceptionHandler(UploadQuotaExceededException.class)
    ResponseEntity<Map<String, String>> quotaExceeded(UploadQuotaExceededException e) {
        return error(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
    }

    /** Too many wrong passwords: the same pause as the sign-in form's, for every way of proving a password. */
    @ExceptionHandler(SignInThrottledException.class)
    ResponseEntity<Map<String, String>> throttled(SignInThrottledException e) {
        return error(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
    }

    @ExceptionHandler(InvalidSourceMapException.class)
    ResponseEntity<Map<String, String>> invalidSourceMap(InvalidSourceMapException e) {
        return error(HttpStatus.BAD_REQUEST, "not a usable source map: " + e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> invalid(IllegalArgumentException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        return error(HttpStatus.BAD_REQUEST, unreadableMessage(e));
    }

    /** What was wrong with a body that could not be read: the field with unstorable text, or the general rule. */
    static String unreadableMessage(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof StorableTextJson.UnstorableTextException unstorable) {
            StringBuilder field = new StringBuilder();
            for (JacksonException.Reference reference : unstorable.getPath()) {
                if (reference.getPropertyName() != null) {
                    field.append(field.isEmpty() ? "" : ".").append(reference.getPropertyName());
                } else if (reference.getIndex() >= 0) {
                    field.append('[').append(reference.getIndex()).append(']');
                }
            }
            String name = field.isEmpty() ? "text" : field.length() > 100 ? field.substring(0, 100) + "..." : field.toString();
            return name + " " + unstorable.problem();
        }
        return "body must be a JSON object with the documented fields";
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
    ResponseEntity<Map<String, String>> badParameter(Exception e) {
        return error(HttpStatus.BAD_REQUEST, "invalid request parameter");
    }

    static ResponseEntity<Map<String, String>> error(HttpStatus status, String message) {
        // JSON whatever the client accepts: a browser's Accept made this unwritable, and the error went to the
        // servlet error page instead
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of("error", message));
    }
}
