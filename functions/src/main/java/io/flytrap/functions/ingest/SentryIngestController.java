package io.flytrap.functions.ingest;

import io.flytrap.core.ingest.IngestResult;
import io.flytrap.core.ingest.IngestService;
import io.flytrap.core.ingest.SentryIngestRequest;
import io.flytrap.core.ingest.SentryIngestRequest.Endpoint;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.Map;

/**
 * Sentry's ingest endpoints, so official Sentry SDKs for any platform report to Flytrap with only their DSN
 * changed. Success is exactly {@code 200 {"id": "<event id, 32 hex digits>"}}, as Sentry answers.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@RestController
@CrossOrigin(origins = "*", allowedHeaders = {"content-type", "x-sentry-auth", "content-encoding"},
        exposedHeaders = {"retry-after", "x-sentry-rate-limits"}, maxAge = 86_400)
class SentryIngestController {

    static final String AUTH_HEADER = "X-Sentry-Auth";

    private final IngestService ingest;

    SentryIngestController(IngestService ingest) {
        this.ingest = ingest;
    }

    @PostMapping({"/api/{projectId}/envelope/", "/api/{projectId}/envelope"})
    Map<String, ?> envelope(@PathVariable long projectId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        return accept(projectId, Endpoint.ENVELOPE, request, response);
    }

    @PostMapping({"/api/{projectId}/store/", "/api/{projectId}/store"})
    Map<String, ?> store(@PathVariable long projectId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        return accept(projectId, Endpoint.STORE, request, response);
    }

    private Map<String, ?> accept(long projectId, Endpoint endpoint, HttpServletRequest request,
                                       HttpServletResponse response) throws IOException {
        long length = request.getContentLengthLong();
        IngestResult result = ingest.ingestSentry(new SentryIngestRequest(projectId, key(request), endpoint,
                request.getHeader(HttpHeaders.CONTENT_ENCODING), length < 0 ? null : length, request.getInputStream(),
                RequestMeta.of(request)));
        return IngestResponses.sentryAnswer(result).writeTo(response);
    }

    static String key(HttpServletRequest request) {
        return IngestResponses.sentryKey(request.getHeader(AUTH_HEADER), RequestMeta.queryParameter(request, "sentry_key"));
    }
}
