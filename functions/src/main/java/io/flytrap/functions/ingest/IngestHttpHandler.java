package io.flytrap.functions.ingest;

import io.flytrap.core.ingest.IngestRequest;
import io.flytrap.core.ingest.IngestService;
import io.flytrap.core.ingest.SentryIngestRequest;
import io.flytrap.core.ingest.SentryIngestRequest.Endpoint;
import io.flytrap.core.protocol.NativePayloadParser;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ingest over HTTP, whichever transport carries it: the routes, CORS and method handling live here once, and the
 * servlet filter (containers) and the API Gateway function (Lambda) only translate requests in and answers out, so
 * both answer the same requests with the same status, headers and body. Limits are {@link IngestService}'s.
 * <p>
 * Browsers post from any origin, so CORS allows every origin and never credentials: the key, not a cookie, is the
 * credential. Native SDKs send it in {@code x-api-key} or, for browsers, as {@code ?api_key=} (with a text/plain
 * body a browser then posts without a preflight, and {@code navigator.sendBeacon}, which cannot set headers, works
 * at all); Sentry SDKs in {@code X-Sentry-Auth} or {@code ?sentry_key=}. Either is a public client key.
 */
@Component
class IngestHttpHandler {

    static final String API_KEY_HEADER = "x-api-key";
    static final String API_KEY_PARAMETER = "api_key";
    /** Names the event, so a retry after a lost answer is stored once (see IngestRequest). */
    static final String IDEMPOTENCY_KEY_HEADER = "idempotency-key";
    static final String SENTRY_AUTH_HEADER = "x-sentry-auth";
    static final String SENTRY_KEY_PARAMETER = "sentry_key";

    /**
     * Paths may carry a prefix: a DSN's path (https://key@host/errors/42 posts to /errors/api/42/envelope/) or an
     * API Gateway stage (/prod/api/errors). Sentry SDKs mostly add the trailing slash; it is optional for all.
     */
    private static final Pattern SENTRY_PATH = Pattern.compile("^(?:/.+)?/api/(\\d{1,18})/(envelope|store)/?$");
    private static final Pattern NATIVE_PATH = Pattern.compile("^(?:/.+)?/api/(errors|rejections)/?$");

    /**
     * Every answer carries these, preflight or not, so a browser may read any of them from any origin; and never
     * sniffs an answer into something other than the JSON it is (ingest answers before Spring Security adds that).
     */
    private static final Map<String, String> ON_EVERY_ANSWER = Map.of(
            "X-Content-Type-Options", "nosniff",
            "Access-Control-Allow-Origin", "*",
            "Access-Control-Allow-Methods", "POST, OPTIONS",
            "Access-Control-Allow-Headers", String.join(", ", "content-type", "content-encoding", API_KEY_HEADER,
                    IDEMPOTENCY_KEY_HEADER, SENTRY_AUTH_HEADER),
            "Access-Control-Expose-Headers", "retry-after, x-sentry-rate-limits",
            "Access-Control-Max-Age", "86400");
    /** The headers of an answer with none of its own, as every accepted event's is: built once, not per request. */
    private static final Map<String, String> JSON_ANSWER = withJsonType(ON_EVERY_ANSWER);

    private final IngestService ingest;
    private final JsonMapper json = JsonMapper.builder().build();

    IngestHttpHandler(IngestService ingest) {
        this.ingest = ingest;
    }

    sealed interface Route {
        /** The route as a template, the same for every project and prefix: what metrics call the request's URI. */
        String template();
    }

    record NativeRoute(String protocol) implements Route {
        @Override
        public String template() {
            return protocol.equals(NativePayloadParser.ERROR_PROTOCOL) ? "/api/errors" : "/api/rejections";
        }
    }

    record SentryRoute(long projectId, Endpoint endpoint) implements Route {
        @Override
        public String template() {
            return endpoint == Endpoint.ENVELOPE ? "/api/{projectId}/envelope/" : "/api/{projectId}/store/";
        }
    }

    /** The ingest endpoint at this path, if there is one; other paths are not ingest's to answer. */
    Optional<Route> route(String path) {
        Matcher sentry = SENTRY_PATH.matcher(path);
        if (sentry.matches()) {
            return Optional.of(new SentryRoute(Long.parseLong(sentry.group(1)),
                    sentry.group(2).equals("envelope") ? Endpoint.ENVELOPE : Endpoint.STORE));
        }
        Matcher nativePath = NATIVE_PATH.matcher(path);
        if (nativePath.matches()) {
            return Optional.of(new NativeRoute(nativePath.group(1).equals("errors")
                    ? NativePayloadParser.ERROR_PROTOCOL : NativePayloadParser.REJECTION_PROTOCOL));
        }
        return Optional.empty();
    }

    /** For a transport that has nobody else to pass other paths to: they get a 404 before anything is read. */
    IngestHttpResponse handle(IngestHttpRequest request) {
        return route(request.path()).map(route -> handle(route, request))
                .orElseGet(() -> answer(404, Map.of(), Map.of("error", "no ingest endpoint at " + request.path())));
    }

    IngestHttpResponse handle(Route route, IngestHttpRequest request) {
        if (request.method().equals("OPTIONS")) {
            return new IngestHttpResponse(200, ON_EVERY_ANSWER, new byte[0]); // a preflight: nothing to say but CORS
        }
        if (!request.method().equals("POST")) {
            // Both keys, as every other error under /api/ (the management API reads "error", sentry-cli "detail")
            Map<String, String> body = new LinkedHashMap<>();
            body.put("detail", "method not allowed");
            body.put("error", "method not allowed");
            return answer(405, Map.of("Allow", "POST"), body);
        }
        InputStream body;
        try {
            body = request.body().open();
        } catch (IOException unreadable) {
            return answer(400, Map.of(), Map.of("error", unreadable.getMessage()));
        }
        Map<String, String> meta = RequestMeta.of(request.clientAddress(), request.header().apply("user-agent"));
        String encoding = request.header().apply("content-encoding");
        IngestResponses.Answer answer = switch (route) {
            case NativeRoute nativeRoute -> {
                String key = request.header().apply(API_KEY_HEADER);
                yield IngestResponses.nativeAnswer(ingest.ingest(new IngestRequest(
                        key != null ? key : request.queryParameter().apply(API_KEY_PARAMETER), nativeRoute.protocol(),
                        encoding, request.declaredLength(), body, meta, request.header().apply(IDEMPOTENCY_KEY_HEADER))));
            }
            case SentryRoute sentry -> IngestResponses.sentryAnswer(ingest.ingestSentry(new SentryIngestRequest(
                    sentry.projectId(), IngestResponses.sentryKey(request.header().apply(SENTRY_AUTH_HEADER),
                    request.queryParameter().apply(SENTRY_KEY_PARAMETER)), sentry.endpoint(), encoding,
                    request.declaredLength(), body, meta)));
        };
        return answer(answer.status(), answer.headers(), answer.body());
    }

    private IngestHttpResponse answer(int status, Map<String, String> headers, Map<String, ?> body) {
        Map<String, String> all = JSON_ANSWER;
        if (!headers.isEmpty()) {
            Map<String, String> combined = new LinkedHashMap<>(ON_EVERY_ANSWER);
            combined.putAll(headers);
            all = withJsonType(combined);
        }
        return new IngestHttpResponse(status, all, json(body));
    }

    /**
     * The body as JSON. An accepted event's, {"id": "<id>"}, is written directly: its id is hex digits and dashes,
     * which need no escaping, and setting up the JSON writer for it was 2.4 % of native ingest's samples (issue #24).
     * The bytes are the ones the writer gives.
     */
    byte[] json(Map<String, ?> body) {
        if (body.size() == 1 && body.get("id") instanceof String id && isHexOrDash(id)) {
            return ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.US_ASCII);
        }
        return json.writeValueAsBytes(body);
    }

    private static boolean isHexOrDash(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> withJsonType(Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Type", "application/json");
        return Collections.unmodifiableMap(all);
    }
}
