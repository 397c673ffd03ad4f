package io.flytrap.sdk.spring;

import org.springframework.http.HttpStatusCode;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.core.annotation.AnnotatedElementUtils;

/** Which request failures are worth an event, for Spring MVC and WebFlux alike. */
public final class HttpRequests {

    private HttpRequests() {
    }

    /**
     * The status Spring will answer for an exception, when the exception says so itself (ResponseStatusException,
     * Spring's own 4xx exceptions, {@code @ResponseStatus}); null when it does not (a plain bug: a 500).
     */
    public static Integer declaredStatus(Throwable error) {
        if (error instanceof ErrorResponse response) {
            HttpStatusCode status = response.getStatusCode();
            return status.value();
        }
        ResponseStatus annotated = AnnotatedElementUtils.findMergedAnnotation(error.getClass(), ResponseStatus.class);
        return annotated == null ? null : annotated.code().value();
    }

    /** A client's mistake (404, 400, 405…) is an answer, not an error in the app: only server errors are reported. */
    public static boolean isServerError(Throwable error) {
        Integer status = declaredStatus(error);
        return status == null || status >= 500;
    }
}
