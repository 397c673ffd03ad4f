package io.flytrap.core.protocol;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The published schema (docs/protocol/event-v1.schema.json) and the server's parser must agree: every payload the
 * schema accepts is accepted, every payload it refuses is refused with a 400. SDK tests validate against the same
 * file, so an SDK that passes its tests is accepted by the server.
 */
class NativeSchemaAgreementTests {

    static final Path SCHEMA = Path.of("../docs/protocol/event-v1.schema.json");
    static final Path RECORDED = Path.of("../functions/src/test/resources/original-sdks");

    static final String FULL_V1 = """
            {"data": {"project_id": 3, "event_id": "0f0e0d0c-0b0a-0908-0706-050403020100",
              "timestamp": "2026-11-26T10:00:00.123Z", "handled": false, "level": "warning", "platform": "javascript",
              "release": "web@1.2.3", "environment": "production", "server_name": "web-1", "message": "checkout failed",
              "exception": {"values": [
                {"type": "TypeError", "value": "x is not a function", "module": "cart",
                 "mechanism": {"type": "onerror", "handled": false},
                 "stacktrace": {"frames": [
                   {"filename": "app.js", "abs_path": "https://shop.example/app.js", "function": "checkout", "lineno": 10,
                    "colno": 5, "in_app": true, "pre_context": ["let a;"], "context_line": "a();", "post_context": ["}"]}]}}]},
              "breadcrumbs": [{"timestamp": 1764151200.5, "type": "http", "category": "fetch", "message": "GET /cart",
                               "level": "info", "data": {"status_code": 200}}],
              "user": {"id": 42, "email": "ada@example.com", "username": "ada", "ip_address": "203.0.113.9"},
              "tags": {"region": "eu", "beta": true}, "contexts": {"browser": {"name": "Firefox", "version": "140"}},
              "fingerprint": ["{{ default }}", "checkout"],
              "request": {"method": "POST", "url": "https://shop.example/cart", "query_string": "a=1",
                          "headers": {"User-Agent": "Firefox"}},
              "sdk": {"name": "flytrap.javascript", "version": "1.0.0"}}}""";

    static Stream<String> payloads() {
        return Stream.of(
                FULL_V1,
                "{\"data\": {\"error\": {\"name\": \"Error\", \"message\": \"m\", \"stack\": \"Error: m\"}, \"project_id\": \"7\", \"handled\": true, \"timestamp\": \"2026-11-26T10:00:00Z\", \"codeContexts\": [{\"file\": \"a.js\", \"line\": 1, \"column\": 2, \"context\": \"{}\"}], \"method\": \"GET\", \"path\": \"/\", \"ip\": \"1.2.3.4\", \"os\": \"Linux\", \"browser\": \"Chrome\"}}",
                "{\"data\": {\"value\": {\"code\": 1}, \"project_id\": 7, \"handled\": false, \"runtime\": \"Node 20\"}}",
                "{\"data\": {\"error\": {}, \"project_id\": 1, \"timestamp\": 1764151200000}}",
                "{\"data\": {\"error\": {}, \"project_id\": 1, \"tags\": [[\"a\", \"b\"]], \"exception\": []}}",
                "{\"data\": {\"message\": \"cache warmed\", \"level\": \"info\", \"project_id\": 1}}",
                // refused by both
                "{}",
                "{\"data\": 5}",
                "{\"data\": {\"project_id\": 1}}",
                "{\"data\": {\"message\": 5, \"project_id\": 1}}",
                "{\"data\": {\"error\": {\"message\": 5}, \"project_id\": 1}}",
                "{\"data\": {\"error\": {\"stack\": []}, \"project_id\": 1}}",
                "{\"data\": {\"error\": {}, \"project_id\": 1, \"handled\": \"no\"}}",
                "{\"data\": {\"error\": {}, \"project_id\": 1, \"timestamp\": \"yesterday\"}}",
                "{\"data\": {\"error\": {}}}",
                "{\"data\": {\"error\": {}, \"project_id\": \"abc\"}}",
                "{\"data\": {\"error\": {}, \"project_id\": -1}}",
                "{\"data\": {\"error\": {}, \"project_id\": 1, \"level\": \"loud\"}}",
                "{\"data\": {\"error\": {}, \"project_id\": 1, \"event_id\": \"xyz\"}}",
                "{\"data\": {\"error\": {}, \"project_id\": 1, \"codeContexts\": {}}}",
                "{\"data\": {\"error\": {}, \"project_id\": 1, \"codeContexts\": [{\"line\": \"3\"}]}}",
                "{\"data\": {\"error\": {}, \"project_id\": 1, \"user\": {\"email\": 5}}}",
                "{\"data\": {\"error\": {}, \"project_id\": 1, \"fingerprint\": \"x\"}}",
                "{\"data\": {\"error\": {}, \"project_id\": 1, \"exception\": [{\"stacktrace\": {\"frames\": [{\"lineno\": \"7\"}]}}]}}",
                "{\"data\": {\"error\": {}, \"project_id\": 1, \"breadcrumbs\": [{\"level\": \"loud\"}]}}");
    }

    static Schema schema() throws IOException {
        try (InputStream in = Files.newInputStream(SCHEMA)) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }

    /** Bodies the original Flytrap SDKs sent, recorded from their code (functions/src/test/original-sdks/capture.sh). */
    static Stream<String> recordedOriginalSdkBodies() throws IOException {
        try (Stream<Path> files = Files.list(RECORDED)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList().stream()
                    .map(NativeSchemaAgreementTests::recordedBody);
        }
    }

    private static String recordedBody(Path file) {
        var body = (ObjectNode) JsonMapper.builder().build().readTree(file.toFile()).get("body");
        ((ObjectNode) body.get("data")).put("project_id", "7");
        return body.toString();
    }

    @ParameterizedTest
    @MethodSource("recordedOriginalSdkBodies")
    void shouldAcceptWhatTheOriginalSdksSendAndSoShouldTheSchema(String body) throws IOException {
        var json = JsonMapper.builder().build().readTree(body);
        // must not refuse nulls (method, path, ip) or a rejection without value, as the original SDKs send them
        String protocol = json.path("data").has("error") ? NativePayloadParser.ERROR_PROTOCOL : NativePayloadParser.REJECTION_PROTOCOL;
        assertThatCode(() -> new NativePayloadParser().parse(protocol, body.getBytes(StandardCharsets.UTF_8), UUID.randomUUID(), Instant.EPOCH))
                .doesNotThrowAnyException();
        if (json.path("data").has("error") || json.path("data").has("value")) {
            // the one schema serves both endpoints, so it cannot say that /api/rejections takes a body with no value
            assertThat(schema().validate(json)).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void shouldAcceptExactlyWhatTheSchemaAccepts(String payload) throws IOException {
        var json = JsonMapper.builder().build().readTree(payload);
        var errors = schema().validate(json);
        // what /api/rejections receives carries the rejection's value; everything else goes to /api/errors
        String protocol = json.path("data").has("value") ? NativePayloadParser.REJECTION_PROTOCOL : NativePayloadParser.ERROR_PROTOCOL;
        String refusal = null;
        try {
            new NativePayloadParser().parse(protocol, payload.getBytes(StandardCharsets.UTF_8), UUID.randomUUID(), Instant.EPOCH);
        } catch (InvalidPayloadException refused) {
            refusal = refused.getMessage();
        }

        assertThat(refusal == null).as("schema errors: %s; parser: %s", errors, refusal).isEqualTo(errors.isEmpty());
    }

}
