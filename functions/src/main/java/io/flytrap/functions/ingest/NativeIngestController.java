package io.flytrap.functions.ingest;

import io.flytrap.core.ingest.IngestRequest;
import io.flytrap.core.ingest.IngestResult;
import io.flytrap.core.ingest.IngestService;
import io.flytrap.core.protocol.NativePayloadParser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.Map;

/**
 * The native ingest endpoints, compatible with the original Flytrap SDKs. Browsers post here from any origin,
 * so CORS allows every origin; the API key, not a cookie, is the credential. The key comes in the
 * {@code x-api-key} header or, for browsers, as {@code ?api_key=}: with the key in the URL and a text/plain body
 * a browser sends the event without a CORS preflight, and {@code navigator.sendBeacon} (which cannot set headers)
 * works at all. The key is a public client key, as Sentry's {@code sentry_key} is.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@RestController
@CrossOrigin(origins = "*", allowedHeaders = {"content-type", "x-api-key", "content-encoding", "idempotency-key"},
        exposedHeaders = {"retry-after"}, maxAge = 86_400)
class NativeIngestController {

    static final String API_KEY_HEADER = "x-api-key";
    static final String API_KEY_PARAMETER = "api_key";
    /** Names the event, so a retry after a lost answer is stored once (see IngestRequest). */
    static final String IDEMPOTENCY_KEY_HEADER = "idempotency-key";

    private final IngestService ingest;

    NativeIngestController(IngestService ingest) {
        this.ingest = ingest;
    }

    @PostMapping("/api/errors")
    Map<String, ?> error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        return accept(request, response, NativePayloadParser.ERROR_PROTOCOL);
    }

    @PostMapping("/api/rejections")
    Map<String, ?> rejection(HttpServletRequest request, HttpServletResponse response) throws IOException {
        return accept(request, response, NativePayloadParser.REJECTION_PROTOCOL);
    }

    private Map<String, ?> accept(HttpServletRequest request, HttpServletResponse response, String protocol)
            throws IOException {
        long length = request.getContentLengthLong();
        String key = request.getHeader(API_KEY_HEADER);
        if (key == null) {
            key = RequestMeta.queryParameter(request, API_KEY_PARAMETER);
        }
        IngestResult result = ingest.ingest(new IngestRequest(key, protocol,
                request.getHeader(HttpHeaders.CONTENT_ENCODING), length < 0 ? null : length, request.getInputStream(),
                RequestMeta.of(request), request.getHeader(IDEMPOTENCY_KEY_HEADER)));
        return IngestResponses.nativeAnswer(result).writeTo(response);
    }
}
