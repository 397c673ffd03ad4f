package io.flytrap.functions.ingest;

import io.flytrap.core.ingest.IngestRequest;
import io.flytrap.core.ingest.IngestResult;
import io.flytrap.core.ingest.IngestResult.Accepted;
import io.flytrap.core.ingest.IngestResult.Rejected;
import io.flytrap.core.ingest.IngestService;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.queue.QueuedEvent;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The native ingest endpoints, compatible with the original Flytrap SDKs. Browsers post here from any origin,
 * so CORS allows every origin; the API key, not a cookie, is the credential.
 */
@RestController
@CrossOrigin(origins = "*", allowedHeaders = {"content-type", "x-api-key"}, maxAge = 86_400)
class NativeIngestController {

    static final String API_KEY_HEADER = "x-api-key";
    static final String RETRY_AFTER_SECONDS = "30";

    private final IngestService ingest;

    NativeIngestController(IngestService ingest) {
        this.ingest = ingest;
    }

    @PostMapping("/api/errors")
    ResponseEntity<Map<String, String>> error(HttpServletRequest request) throws IOException {
        return accept(request, NativePayloadParser.ERROR_PROTOCOL);
    }

    @PostMapping("/api/rejections")
    ResponseEntity<Map<String, String>> rejection(HttpServletRequest request) throws IOException {
        return accept(request, NativePayloadParser.REJECTION_PROTOCOL);
    }

    private ResponseEntity<Map<String, String>> accept(HttpServletRequest request, String protocol) throws IOException {
        long length = request.getContentLengthLong();
        Map<String, String> meta = new HashMap<>();
        meta.put(QueuedEvent.CLIENT_IP, request.getRemoteAddr());
        String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
        if (userAgent != null) {
            meta.put(QueuedEvent.USER_AGENT, userAgent.length() > 500 ? userAgent.substring(0, 500) : userAgent);
        }
        IngestResult result = ingest.ingest(new IngestRequest(request.getHeader(API_KEY_HEADER), protocol,
                length < 0 ? null : length, request.getInputStream(), meta));
        return switch (result) {
            case Accepted accepted -> ResponseEntity.ok(Map.of("id", accepted.eventId().toString()));
            case Rejected rejected -> rejected(rejected);
        };
    }

    private static ResponseEntity<Map<String, String>> rejected(Rejected rejected) {
        HttpStatus status = switch (rejected.reason()) {
            case UNAUTHORIZED -> HttpStatus.UNAUTHORIZED;
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
}
