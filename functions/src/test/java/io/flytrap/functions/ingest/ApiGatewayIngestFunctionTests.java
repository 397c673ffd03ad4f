package io.flytrap.functions.ingest;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.flytrap.core.ingest.IngestResult;
import io.flytrap.core.ingest.IngestService;
import io.flytrap.core.ingest.SentryIngestRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * What the ingest Lambda does with the paths API Gateway forwards. The HTTP API routes every
 * {@code /api/{project}/{endpoint+}} to it (route paths ending in "/" are refused there), so the function itself
 * must tell Sentry's endpoints, with or without the trailing slash, from anything else — and anything else must be
 * a plain 404, never a 500 or an event stored under a guessed endpoint.
 */
class ApiGatewayIngestFunctionTests {

    private final IngestService service = mock(IngestService.class);
    private final ApiGatewayIngestFunction function = new ApiGatewayIngestFunction(new IngestHttpHandler(service));

    private static APIGatewayV2HTTPEvent post(String path, String body, boolean base64) {
        return APIGatewayV2HTTPEvent.builder().withRawPath(path).withBody(body).withIsBase64Encoded(base64)
                .withHeaders(Map.of("content-type", "application/x-sentry-envelope",
                        "x-sentry-auth", "Sentry sentry_key=abc, sentry_version=7"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").withPath(path).build())
                        .build())
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/42/envelope/", "/api/42/envelope", "/api/42/store/", "/api/42/store"})
    void shouldServeSentryEndpointsWithAndWithoutTheTrailingSlash(String path) {
        when(service.ingestSentry(any())).thenReturn(new IngestResult.Accepted(UUID.randomUUID()));

        APIGatewayV2HTTPResponse response = function.apply(post(path, "{}", false));

        assertThat(response.getStatusCode()).isEqualTo(200);
        ArgumentCaptor<SentryIngestRequest> request = ArgumentCaptor.forClass(SentryIngestRequest.class);
        verify(service).ingestSentry(request.capture());
        assertThat(request.getValue().projectId()).isEqualTo(42);
        assertThat(request.getValue().endpoint()).isEqualTo(path.contains("envelope")
                ? SentryIngestRequest.Endpoint.ENVELOPE : SentryIngestRequest.Endpoint.STORE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/42/minidump/", "/api/42/envelope/extra", "/api/42/security/", "/api/abc/envelope/",
            "/api/1234567890123456789/envelope/", "/api/42//envelope/", "/api/errors/extra", "/api/"})
    void shouldAnswerPathsItDoesNotServeWith404AndStoreNothing(String path) {
        APIGatewayV2HTTPResponse response = function.apply(post(path, "{}", false));

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(response.getBody()).contains("no ingest endpoint");
        verifyNoInteractions(service);
    }

    @Test
    void shouldRefuseABodyThatIsNotBase64As400NotAServerError() {
        APIGatewayV2HTTPResponse response = function.apply(post("/api/42/envelope/", "%%% not base64 %%%", true));

        assertThat(response.getStatusCode()).isEqualTo(400);
        verifyNoInteractions(service);
    }

    @Test
    void shouldAnswerPreflightsOnAnyRoutedPath() {
        APIGatewayV2HTTPEvent preflight = APIGatewayV2HTTPEvent.builder().withRawPath("/api/42/envelope/")
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("OPTIONS").build()).build())
                .build();

        APIGatewayV2HTTPResponse response = function.apply(preflight);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("Access-Control-Allow-Origin", "*");
    }
}
