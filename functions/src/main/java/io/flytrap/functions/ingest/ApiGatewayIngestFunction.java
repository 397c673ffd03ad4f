package io.flytrap.functions.ingest;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.flytrap.core.ingest.IngestRequest;
import io.flytrap.core.ingest.IngestService;
import io.flytrap.core.ingest.SentryIngestRequest;
import io.flytrap.core.ingest.SentryIngestRequest.Endpoint;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.queue.QueuedEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ingest Lambda behind an API Gateway HTTP API (payload format 2.0): the same endpoints, limits and answers as
 * the containers' controllers, through the same {@link IngestService}. Bodies arrive as text or Base64 (API
 * Gateway's choice for binary, e.g. gzip), and are read with the same decoder and size limits.
 */
@Component("ingest")
class ApiGatewayIngestFunction implements Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    /** Paths may carry a prefix: an API Gateway stage (/prod/...) or a DSN's path. */
    private static final Pattern SENTRY_PATH = Pattern.compile("^(?:/.+)?/api/(\\d{1,18})/(envelope|store)/?$");
    private static final Pattern NATIVE_PATH = Pattern.compile("^(?:/.+)?/api/(errors|rejections)/?$");
    private static final Map<String, String> CORS = Map.of("Access-Control-Allow-Origin", "*",
            "Access-Control-Allow-Headers", "content-type, x-api-key, x-sentry-auth, content-encoding, idempotency-key",
            "Access-Control-Allow-Methods", "POST, OPTIONS", "Access-Control-Expose-Headers", "retry-after, x-sentry-rate-limits",
            "Access-Control-Max-Age", "86400");

    private final IngestService ingest;
    private final JsonMapper json = JsonMapper.builder().build();

    ApiGatewayIngestFunction(IngestService ingest) {
        this.ingest = ingest;
    }

    @Override
    public APIGatewayV2HTTPResponse apply(APIGatewayV2HTTPEvent event) {
        String method = event.getRequestContext() == null || event.getRequestContext().getHttp() == null ? "POST"
                : event.getRequestContext().getHttp().getMethod();
        String path = event.getRawPath() == null ? "" : event.getRawPath();
        if ("OPTIONS".equalsIgnoreCase(method)) {
            return response(new IngestResponses.Answer(204, Map.of(), Map.of()));
        }
        if (!"POST".equalsIgnoreCase(method)) {
            return response(new IngestResponses.Answer(405, Map.of("Allow", "POST"), Map.of("error", "POST events here")));
        }
        // The API routes every /api/{project}/{endpoint+} here (HTTP APIs refuse route paths ending in "/"), so
        // paths this function does not serve arrive too: they get a 404 before anything is read.
        Matcher sentry = SENTRY_PATH.matcher(path);
        Matcher nativePath = NATIVE_PATH.matcher(path);
        if (!sentry.matches() && !nativePath.matches()) {
            return response(new IngestResponses.Answer(404, Map.of(), Map.of("error", "no ingest endpoint at " + path)));
        }
        Map<String, String> headers = lowerCase(event.getHeaders());
        Map<String, String> query = event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
        byte[] body;
        try {
            body = body(event);
        } catch (IllegalArgumentException notBase64) {
            return response(new IngestResponses.Answer(400, Map.of(), Map.of("error", "body is not valid Base64")));
        }
        Map<String, String> meta = meta(event, headers);
        if (sentry.matches()) {
            Endpoint endpoint = sentry.group(2).equals("envelope") ? Endpoint.ENVELOPE : Endpoint.STORE;
            return response(IngestResponses.sentryAnswer(ingest.ingestSentry(new SentryIngestRequest(Long.parseLong(sentry.group(1)),
                    IngestResponses.sentryKey(headers.get("x-sentry-auth"), query.get("sentry_key")), endpoint,
                    headers.get("content-encoding"), (long) body.length, new ByteArrayInputStream(body), meta))));
        }
        String protocol = nativePath.group(1).equals("errors") ? NativePayloadParser.ERROR_PROTOCOL : NativePayloadParser.REJECTION_PROTOCOL;
        String key = headers.getOrDefault(NativeIngestController.API_KEY_HEADER, query.get(NativeIngestController.API_KEY_PARAMETER));
        return response(IngestResponses.nativeAnswer(ingest.ingest(new IngestRequest(key, protocol, headers.get("content-encoding"),
                (long) body.length, new ByteArrayInputStream(body), meta,
                headers.get(NativeIngestController.IDEMPOTENCY_KEY_HEADER)))));
    }

    private static byte[] body(APIGatewayV2HTTPEvent event) {
        if (event.getBody() == null) {
            return new byte[0];
        }
        return event.getIsBase64Encoded() ? Base64.getDecoder().decode(event.getBody())
                : event.getBody().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> meta(APIGatewayV2HTTPEvent event, Map<String, String> headers) {
        Map<String, String> meta = new HashMap<>();
        if (event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                && event.getRequestContext().getHttp().getSourceIp() != null) {
            meta.put(QueuedEvent.CLIENT_IP, event.getRequestContext().getHttp().getSourceIp());
        }
        String userAgent = headers.get("user-agent");
        if (userAgent != null) {
            meta.put(QueuedEvent.USER_AGENT, userAgent.length() > RequestMeta.MAX_USER_AGENT
                    ? userAgent.substring(0, RequestMeta.MAX_USER_AGENT) : userAgent);
        }
        return meta;
    }

    /** API Gateway v2 sends header names in lower case; a test or another proxy may not. */
    private static Map<String, String> lowerCase(Map<String, String> headers) {
        Map<String, String> lower = new HashMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        }
        return lower;
    }

    private APIGatewayV2HTTPResponse response(IngestResponses.Answer answer) {
        Map<String, String> headers = new HashMap<>(CORS);
        headers.putAll(answer.headers());
        headers.put("Content-Type", "application/json");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(answer.status()).withHeaders(headers)
                .withBody(answer.body().isEmpty() && answer.status() == 204 ? "" : json.writeValueAsString(answer.body()))
                .withIsBase64Encoded(false).build();
    }
}
