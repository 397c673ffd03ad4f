package io.flytrap.functions.ingest;

import io.flytrap.core.ingest.IngestResult;
import io.flytrap.core.ingest.IngestResult.Rejected;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.util.Map;

/** Turns an ingest result into the HTTP answer both protocols share: a status and a JSON body. */
final class IngestResponses {

    static final String RETRY_AFTER_SECONDS = "30";
    static final String SENTRY_RATE_LIMITS = "X-Sentry-Rate-Limits";

    private IngestResponses() {
    }

    /**
     * @param wrongProject the status for a valid key of another project: 401 on the native endpoints (where the
     *                     project is only in the body), 403 on Sentry's (where it is in the URL)
     */
    static ResponseEntity<Map<String, String>> rejected(Rejected rejected, HttpStatus wrongProject) {
        HttpStatus status = switch (rejected.reason()) {
            case UNAUTHORIZED -> HttpStatus.UNAUTHORIZED;
            case WRONG_PROJECT -> wrongProject;
            case INVALID -> HttpStatus.BAD_REQUEST;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return response.body(Map.of("error", rejected.message()));
    }

    /** 429 with Retry-After and Sentry's own header, which Sentry SDKs obey by pausing that category. */
    static ResponseEntity<Map<String, String>> rateLimited(IngestResult.RateLimited limited) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(limited.retryAfterSeconds()))
                .header(SENTRY_RATE_LIMITS, limited.retryAfterSeconds() + "::" + limited.scope())
                .body(Map.of("error", "rate limit exceeded for this " + limited.scope() + "; retry after "
                        + limited.retryAfterSeconds() + " s"));
    }
}
