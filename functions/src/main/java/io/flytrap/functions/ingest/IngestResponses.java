package io.flytrap.functions.ingest;

import io.flytrap.core.ingest.IngestResult;
import io.flytrap.core.ingest.IngestResult.Rejected;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import java.util.Map;

/**
 * Turns a refused ingest into the HTTP answer both protocols share: a status and headers on the response, and a
 * JSON body to return. Not a ResponseEntity: Spring flushes those explicitly, which costs every accepted event a
 * separate socket write (about a tenth of ingest's CPU time in bench/event-engine.sh).
 */
final class IngestResponses {

    static final String RETRY_AFTER_SECONDS = "30";
    static final String SENTRY_RATE_LIMITS = "X-Sentry-Rate-Limits";

    private IngestResponses() {
    }

    /**
     * @param wrongProject the status for a valid key of another project: 401 on the native endpoints (where the
     *                     project is only in the body), 403 on Sentry's (where it is in the URL)
     */
    static Map<String, String> rejected(Rejected rejected, HttpStatus wrongProject, HttpServletResponse response) {
        HttpStatus status = switch (rejected.reason()) {
            case UNAUTHORIZED -> HttpStatus.UNAUTHORIZED;
            case WRONG_PROJECT -> wrongProject;
            case INVALID -> HttpStatus.BAD_REQUEST;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
        response.setStatus(status.value());
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return Map.of("error", rejected.message());
    }

    /** 429 with Retry-After and Sentry's own header, which Sentry SDKs obey by pausing that category. */
    static Map<String, String> rateLimited(IngestResult.RateLimited limited, HttpServletResponse response) {
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(limited.retryAfterSeconds()));
        response.setHeader(SENTRY_RATE_LIMITS, limited.retryAfterSeconds() + "::" + limited.scope());
        return Map.of("error", "rate limit exceeded for this " + limited.scope() + "; retry after "
                        + limited.retryAfterSeconds() + " s");
    }
}
