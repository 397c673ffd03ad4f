package io.flytrap.functions.ingest;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.flytrap.core.projects.CreatedProject;
import io.micrometer.core.instrument.MeterRegistry;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.UserService;
import io.flytrap.functions.FunctionsApplication;
import io.flytrap.functions.lambda.CapturedAwsEvents;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same requests through both transports of one running Flytrap: over HTTP to the containers' servlet filter,
 * and as API Gateway HTTP API events (AWS's captured sample, see CapturedAwsEvents, read by the Lambda runtime's
 * own serializer) to the {@code ingest} function. Each must answer the same status, the same CORS and protocol
 * headers and the same body, and queue the same number of events.
 */
@SpringBootTest(classes = FunctionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flytrap.worker.enabled=false", "spring.flyway.enabled=true", "flytrap.ingest.max-body-size=64KB"})
@UsesTestDatabase
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestTransportParityTests {

    /** Headers ingest itself decides; the transports add their own (Date, Connection, Content-Length) besides. */
    private static final String[] COMPARED = {"Allow", "Retry-After", "X-Sentry-Rate-Limits", "Content-Type",
            "X-Content-Type-Options"};
    private static final String ENVELOPE_EVENT_ID = "9ec79c33ec9942ab8353589fcb2e04dc";
    private static final String STORE_EVENT_ID = "4f1e0c1d3c8a4b0f9b8e7d6c5b4a3921";

    @LocalServerPort
    int port;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApiGatewayIngestFunction lambda;
    @Autowired
    MeterRegistry metrics;

    final HttpClient http = HttpClient.newHttpClient();
    final PojoSerializer<APIGatewayV2HTTPEvent> lambdaRuntime =
            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, getClass().getClassLoader());
    static CreatedProject project;

    @BeforeAll
    void project() {
        project = projects.create(TestAccounts.member(users, "parity"), "Parity", "javascript");
    }

    record Call(String name, String method, String path, String query, Map<String, String> headers, byte[] body) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(utf8(text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** Built once the project exists: keys and ids are the project's. */
    Stream<Function<CreatedProject, Call>> calls() {
        return Stream.of(
                p -> new Call("preflight of a browser SDK", "OPTIONS", "/api/" + p.project().id() + "/envelope/", null,
                        Map.of("Origin", "https://shop.example", "Access-Control-Request-Method", "POST",
                                "Access-Control-Request-Headers", "content-type,x-sentry-auth"), null),
                p -> new Call("native POST", "POST", "/api/errors", null,
                        Map.of("Content-Type", "application/json", "x-api-key", p.key().publicKey(),
                                "Idempotency-Key", "parity-native", "Origin", "https://shop.example"),
                        utf8(nativeError(p))),
                p -> new Call("native POST, gzip", "POST", "/api/rejections", "api_key=" + p.key().publicKey(),
                        Map.of("Content-Type", "text/plain", "Content-Encoding", "gzip", "Idempotency-Key", "parity-gzip"),
                        gzip(nativeRejection(p))),
                p -> new Call("Sentry store", "POST", "/api/" + p.project().id() + "/store/", null,
                        Map.of("Content-Type", "application/json",
                                "X-Sentry-Auth", "Sentry sentry_version=7, sentry_key=" + p.key().publicKey()),
                        utf8("{\"event_id\":\"" + STORE_EVENT_ID + "\",\"message\":\"stored\",\"platform\":\"node\"}")),
                p -> new Call("Sentry envelope", "POST", "/api/" + p.project().id() + "/envelope/", "sentry_key=" + p.key().publicKey(),
                        Map.of("Content-Type", "application/x-sentry-envelope"), utf8(envelope())),
                p -> new Call("Sentry envelope under a DSN's path prefix", "POST", "/errors/api/" + p.project().id() + "/envelope/",
                        "sentry_key=" + p.key().publicKey(), Map.of("Content-Type", "application/x-sentry-envelope"), utf8(envelope())),
                p -> new Call("Sentry envelope, gzip", "POST", "/api/" + p.project().id() + "/envelope", null,
                        Map.of("Content-Encoding", "gzip", "X-Sentry-Auth", "Sentry sentry_key=" + p.key().publicKey()),
                        gzip(envelope())),
                p -> new Call("wrong method", "GET", "/api/errors", null, Map.of(), null),
                p -> new Call("wrong method on a Sentry endpoint", "PUT", "/api/" + p.project().id() + "/store/", null,
                        Map.of(), null),
                p -> new Call("unknown key", "POST", "/api/errors", null,
                        Map.of("Content-Type", "application/json", "x-api-key", "not-a-key"), utf8(nativeError(p))),
                p -> new Call("another project's id for a Sentry key", "POST", "/api/" + (p.project().id() + 1000) + "/store/",
                        "sentry_key=" + p.key().publicKey(), Map.of("Content-Type", "application/json"), utf8("{}")),
                p -> new Call("oversize body", "POST", "/api/errors", null,
                        Map.of("Content-Type", "application/json", "x-api-key", p.key().publicKey()),
                        utf8("{\"data\": \"" + "x".repeat(70_000) + "\"}")));
    }

    private static String nativeError(CreatedProject p) {
        return """
                {"data": {"project_id": %d, "error": {"name": "TypeError", "message": "cart is undefined", "stack": ""}}}"""
                .formatted(p.project().id());
    }

    private static String nativeRejection(CreatedProject p) {
        return """
                {"data": {"project_id": %d, "reason": {"name": "Error", "message": "payment refused", "stack": ""}}}"""
                .formatted(p.project().id());
    }

    private static String envelope() {
        return "{\"event_id\":\"" + ENVELOPE_EVENT_ID + "\"}\n{\"type\":\"event\"}\n"
                + "{\"event_id\":\"" + ENVELOPE_EVENT_ID + "\",\"message\":\"from a Sentry SDK\",\"platform\":\"node\"}\n";
    }

    record Answer(int status, Map<String, String> cors, Map<String, String> headers, String body, long queued) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void shouldAnswerTheSameOverHttpAndThroughApiGateway(Function<CreatedProject, Call> build) throws Exception {
        Call call = build.apply(project);

        Answer container = overHttp(call);
        Answer function = throughApiGateway(call);

        assertThat(function).as(call.name()).isEqualTo(container);
        assertThat(container.queued()).as("events queued by each transport")
                .isEqualTo(call.method().equals("POST") && container.status() == 200 ? 1 : 0);
        assertThat(container.cors()).as("CORS on every answer, preflight or not")
                .containsEntry("access-control-allow-origin", "*")
                .containsEntry("access-control-allow-methods", "POST, OPTIONS")
                .containsEntry("access-control-expose-headers", "retry-after, x-sentry-rate-limits")
                .doesNotContainKey("access-control-allow-credentials");
        assertThat(container.cors().get("access-control-allow-headers"))
                .contains("content-type", "content-encoding", "x-api-key", "idempotency-key", "x-sentry-auth");
        assertThat(container.headers()).as("no browser sniffs an ingest answer into HTML or script")
                .containsEntry("x-content-type-options", "nosniff");
        System.out.printf("parity: %-45s %d %s%n", call.name(), container.status(), container.body());
    }

    @org.junit.jupiter.api.Test
    void shouldCountIngestRequestsUnderTheirRouteInTheContainersMetrics() throws Exception {
        overHttp(new Call("envelope for metrics", "POST", "/errors/api/" + project.project().id() + "/envelope/",
                "sentry_key=" + project.key().publicKey(), Map.of(), utf8(envelope())));

        assertThat(metrics.find("http.server.requests").tag("uri", "/api/{projectId}/envelope/").tag("status", "200").timer())
                .as("counted under the route, not as UNKNOWN").isNotNull();
        assertThat(metrics.find("http.server.requests").tag("uri", "UNKNOWN").timer()).isNull();
    }

    private long queued() {
        return jdbc.sql("select count(*) from queued_events where project_id = ?").param(project.project().id())
                .query(Long.class).single();
    }

    private Answer overHttp(Call call) throws Exception {
        long before = queued();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + call.path()
                        + (call.query() == null ? "" : "?" + call.query())))
                .method(call.method(), call.body() == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(call.body()));
        call.headers().forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), BodyHandlers.ofString());
        Map<String, String> cors = new TreeMap<>();
        Map<String, String> headers = new TreeMap<>();
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("access-control-")) {
                cors.put(lower, String.join(",", values));
            }
        });
        for (String name : COMPARED) {
            response.headers().firstValue(name).ifPresent(value -> headers.put(name.toLowerCase(Locale.ROOT), value));
        }
        return new Answer(response.statusCode(), cors, headers, response.body(), queued() - before);
    }

    private Answer throughApiGateway(Call call) {
        long before = queued();
        String event = CapturedAwsEvents.httpApiRequest(call.method(), call.path(), call.query(), call.headers(), call.body())
                .toString();
        APIGatewayV2HTTPResponse response = lambda.apply(lambdaRuntime.fromJson(event));
        Map<String, String> cors = new TreeMap<>();
        Map<String, String> headers = new TreeMap<>();
        response.getHeaders().forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("access-control-")) {
                cors.put(lower, value);
            }
            for (String compared : COMPARED) {
                if (compared.equalsIgnoreCase(name)) {
                    headers.put(lower, value);
                }
            }
        });
        return new Answer(response.getStatusCode(), cors, headers, response.getBody(), queued() - before);
    }
}
