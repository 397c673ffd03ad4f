package io.flytrap.functions.ingest;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.springframework.stereotype.Component;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The ingest Lambda behind an API Gateway HTTP API (payload format 2.0): translates the event for
 * {@link IngestHttpHandler} and its answer back, nothing more. Bodies arrive as text or Base64 (API Gateway's
 * choice for binary, e.g. gzip). The API routes every /api/{project}/{endpoint+} here (HTTP APIs refuse route
 * paths ending in "/"), so paths no endpoint serves arrive too: the handler answers them with 404.
 */
@Component("ingest")
class ApiGatewayIngestFunction implements Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final IngestHttpHandler ingest;

    ApiGatewayIngestFunction(IngestHttpHandler ingest) {
        this.ingest = ingest;
    }

    @Override
    public APIGatewayV2HTTPResponse apply(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext.Http http = event.getRequestContext() == null ? null
                : event.getRequestContext().getHttp();
        Map<String, String> headers = lowerCase(event.getHeaders());
        Map<String, String> query = event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
        byte[] body = body(event);
        IngestHttpResponse answer = ingest.handle(new IngestHttpRequest(http == null ? "POST" : http.getMethod(),
                event.getRawPath() == null ? "" : event.getRawPath(), headers::get, query::get,
                body == null ? null : (long) body.length, () -> {
                    if (body == null) {
                        throw new IOException("body is not valid Base64");
                    }
                    return new ByteArrayInputStream(body);
                }, http == null ? null : http.getSourceIp()));
        return APIGatewayV2HTTPResponse.builder().withStatusCode(answer.status()).withHeaders(answer.headers())
                .withBody(answer.bodyText()).withIsBase64Encoded(false).build();
    }

    /** The body's bytes, or null when it claims to be Base64 and is not. */
    private static byte[] body(APIGatewayV2HTTPEvent event) {
        if (event.getBody() == null) {
            return new byte[0];
        }
        if (!event.getIsBase64Encoded()) {
            return event.getBody().getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(event.getBody());
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    /** API Gateway v2 sends header names in lower case; a test or another proxy may not. */
    private static Map<String, String> lowerCase(Map<String, String> headers) {
        Map<String, String> lower = new HashMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        }
        return lower;
    }
}
