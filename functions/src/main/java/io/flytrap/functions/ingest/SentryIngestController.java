package io.flytrap.functions.ingest;

import io.flytrap.core.ingest.IngestResult;
import io.flytrap.core.ingest.IngestResult.Accepted;
import io.flytrap.core.ingest.IngestResult.Rejected;
import io.flytrap.core.ingest.IngestService;
import io.flytrap.core.ingest.SentryIngestRequest;
import io.flytrap.core.ingest.SentryIngestRequest.Endpoint;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sentry's ingest endpoints, so official Sentry SDKs for any platform report to Flytrap with only their DSN
 * changed. Success is exactly {@code 200 {"id": "<event id, 32 hex digits>"}}, as Sentry answers.
 */
@RestController
@CrossOrigin(origins = "*", allowedHeaders = {"content-type", "x-sentry-auth", "content-encoding"},
        exposedHeaders = {"retry-after", "x-sentry-rate-limits"}, maxAge = 86_400)
class SentryIngestController {

    static final String AUTH_HEADER = "X-Sentry-Auth";
    private static final Pattern SENTRY_KEY = Pattern.compile("sentry_key\\s*=\\s*([^,\\s]+)");

    private final IngestService ingest;

    SentryIngestController(IngestService ingest) {
        this.ingest = ingest;
    }

    @PostMapping({"/api/{projectId}/envelope/", "/api/{projectId}/envelope"})
    Map<String, String> envelope(@PathVariable long projectId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        return accept(projectId, Endpoint.ENVELOPE, request, response);
    }

    @PostMapping({"/api/{projectId}/store/", "/api/{projectId}/store"})
    Map<String, String> store(@PathVariable long projectId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        return accept(projectId, Endpoint.STORE, request, response);
    }

    private Map<String, String> accept(long projectId, Endpoint endpoint, HttpServletRequest request,
                                       HttpServletResponse response) throws IOException {
        long length = request.getContentLengthLong();
        IngestResult result = ingest.ingestSentry(new SentryIngestRequest(projectId, key(request), endpoint,
                request.getHeader(HttpHeaders.CONTENT_ENCODING), length < 0 ? null : length, request.getInputStream(),
                RequestMeta.of(request)));
        return switch (result) {
            case Accepted accepted -> accepted.eventId() == null ? Map.of()
                    : Map.of("id", accepted.eventId().toString().replace("-", ""));
            case Rejected rejected -> IngestResponses.rejected(rejected, HttpStatus.FORBIDDEN, response);
            case IngestResult.RateLimited limited -> IngestResponses.rateLimited(limited, response);
        };
    }

    /** The public key from X-Sentry-Auth (server SDKs) or ?sentry_key= (browser SDKs); null if neither. */
    static String key(HttpServletRequest request) {
        String auth = request.getHeader(AUTH_HEADER);
        if (auth != null) {
            Matcher matcher = SENTRY_KEY.matcher(auth);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        return RequestMeta.queryParameter(request, "sentry_key");
    }
}
