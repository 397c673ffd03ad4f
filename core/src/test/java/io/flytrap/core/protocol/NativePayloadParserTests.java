package io.flytrap.core.protocol;

import io.flytrap.core.event.Event;
import io.flytrap.core.event.Level;
import io.flytrap.core.event.SourceLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import static io.flytrap.core.protocol.NativePayloadParser.ERROR_PROTOCOL;
import static io.flytrap.core.protocol.NativePayloadParser.REJECTION_PROTOCOL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NativePayloadParserTests {

    private static final UUID FALLBACK_ID = UUID.fromString("00000000-0000-4000-8000-000000000001");
    private static final Instant RECEIVED = Instant.parse("2026-11-26T10:00:00Z");

    private final NativePayloadParser parser = new NativePayloadParser();

    private Event parse(String protocol, String json) throws InvalidPayloadException {
        return parser.parse(protocol, json.getBytes(StandardCharsets.UTF_8), FALLBACK_ID, RECEIVED);
    }

    @Test
    void shouldReadTheOriginalSdkPayload() throws Exception {
        Event event = parse(ERROR_PROTOCOL, """
                {"data": {"error": {"name": "TypeError", "message": "x is undefined",
                                    "stack": "TypeError: x is undefined\\n    at render (http://localhost/app.js:3:5)"},
                          "codeContexts": [{"file": "http://localhost/app.js", "line": 3, "column": 5,
                                            "context": "{\\"2\\": \\"let a;\\", \\"3\\": \\"x.y();\\"}"}],
                          "handled": false, "timestamp": "2026-11-26T09:59:58.123Z", "project_id": "7",
                          "method": "GET", "path": "/cart", "ip": "203.0.113.9", "os": "Linux", "browser": "Firefox 140"}}""");

        assertThat(event.projectId()).isEqualTo(7);
        assertThat(event.eventId()).isEqualTo(FALLBACK_ID);
        assertThat(event.handled()).isFalse();
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-26T09:59:58.123Z"));
        assertThat(event.receivedAt()).isEqualTo(RECEIVED);
        assertThat(event.level()).isEqualTo(Level.ERROR);
        assertThat(event.platform()).isEqualTo("javascript");
        assertThat(event.request().method()).isEqualTo("GET");
        assertThat(event.request().url()).isEqualTo("/cart");
        assertThat(event.client().browser()).isEqualTo("Firefox 140");
        assertThat(event.primaryException().type()).isEqualTo("TypeError");
        assertThat(event.primaryException().frames()).singleElement().satisfies(frame -> {
            assertThat(frame.function()).isEqualTo("render");
            assertThat(frame.context()).containsExactly(new SourceLine(2, "let a;"), new SourceLine(3, "x.y();"));
        });
    }

    @Test
    void shouldAcceptANumericProjectIdAnEventIdAndEpochMillis() throws Exception {
        Event event = parse(ERROR_PROTOCOL, """
                {"data": {"error": {"name": "Error", "message": "m"}, "project_id": 12,
                          "event_id": "0f0e0d0c0b0a09080706050403020100", "timestamp": 1795683600000}}""");

        assertThat(event.projectId()).isEqualTo(12);
        assertThat(event.eventId()).isEqualTo(UUID.fromString("0f0e0d0c-0b0a-0908-0706-050403020100"));
        assertThat(event.occurredAt()).isEqualTo(Instant.ofEpochMilli(1795683600000L));
        assertThat(event.handled()).as("handled defaults to true, as in Sentry").isTrue();
    }

    @Test
    void shouldReadARejectionWithANonErrorReason() throws Exception {
        Event event = parse(REJECTION_PROTOCOL, """
                {"data": {"value": {"code": 42}, "handled": false, "project_id": "3", "runtime": "Node 20"}}""");

        assertThat(event.primaryException().type()).isEqualTo("UnhandledRejection");
        assertThat(event.primaryException().message()).isEqualTo("{\"code\":42}");
        assertThat(event.platform()).isEqualTo("node");
    }

    @Test
    void shouldReadAMessageEventWithoutAnyError() throws Exception {
        Event event = parse(ERROR_PROTOCOL, """
                {"data": {"message": "cache warmed in 3 s", "level": "info", "project_id": 4}}""");

        assertThat(event.exceptions()).isEmpty();
        assertThat(event.message()).isEqualTo("cache warmed in 3 s");
        assertThat(event.level()).isEqualTo(Level.INFO);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json                                                                   | body",
            "[1, 2]                                                                     | body",
            "{}                                                                         | data",
            "{\"data\": 5}                                                              | data",
            "{\"data\": {\"project_id\": 1}}                                            | data.error",
            "{\"data\": {\"error\": {\"message\": 5}, \"project_id\": 1}}               | data.error.message",
            "{\"data\": {\"error\": {\"stack\": []}, \"project_id\": 1}}                | data.error.stack",
            "{\"data\": {\"error\": {}, \"project_id\": 1, \"handled\": \"no\"}}        | data.handled",
            "{\"data\": {\"error\": {}, \"project_id\": 1, \"timestamp\": \"yesterday\"}} | data.timestamp",
            "{\"data\": {\"error\": {}}}                                                | data.project_id",
            "{\"data\": {\"error\": {}, \"project_id\": \"abc\"}}                       | data.project_id",
            "{\"data\": {\"error\": {}, \"project_id\": -1}}                            | data.project_id",
            "{\"data\": {\"error\": {}, \"project_id\": 1, \"level\": \"loud\"}}        | data.level",
            "{\"data\": {\"error\": {}, \"project_id\": 1, \"event_id\": \"xyz\"}}      | data.event_id",
            "{\"data\": {\"error\": {}, \"project_id\": 1, \"codeContexts\": {}}}       | data.codeContexts",
            "{\"data\": {\"error\": {}, \"project_id\": 1, \"codeContexts\": [{\"line\": \"3\"}]}} | data.codeContexts[0].line",
    })
    void shouldRejectBadInputNamingTheField(String json, String field) {
        assertThatThrownBy(() -> parse(ERROR_PROTOCOL, json))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void shouldRejectDeeplyNestedJsonWithoutRecursingIntoIt() {
        String deep = "{\"data\": {\"error\": {}, \"project_id\": 1, \"x\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}}";

        assertThatThrownBy(() -> parse(ERROR_PROTOCOL, deep))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.field()).isEqualTo("body"));
    }

    @Test
    void shouldKeepAContextThatIsNotJsonAsTheSourceText() throws Exception {
        Event event = parse(ERROR_PROTOCOL, """
                {"data": {"error": {"stack": "Error\\n    at f (app.js:3:5)"}, "project_id": 1,
                          "codeContexts": [{"file": "app.js", "line": 3, "context": "let a;\\nlet b;\\nf();"}]}}""");

        // must not drop the lines because they are not JSON: the first line of text is the file's first line
        assertThat(event.primaryException().frames().getFirst().context())
                .containsExactly(new SourceLine(1, "let a;"), new SourceLine(2, "let b;"), new SourceLine(3, "f();"));
    }

    @Test
    void shouldReadTheJsonStringContextOfTheOriginalSdksFromFiveLinesAboveTheErrorLine() throws Exception {
        // JSON.stringify(lines.join("\n")) of lines 5..15, as flytrap_javascript's getCodeContext sends for line 10
        String context = "\\\"l5\\\\nl6\\\\nl7\\\\nl8\\\\nl9\\\\nboom()\\\\nl11\\\"";
        Event event = parse(ERROR_PROTOCOL, """
                {"data": {"error": {"stack": "Error\\n    at f (http://h/app.js:10:5)"}, "project_id": 1,
                          "codeContexts": [{"file": "http://h/app.js", "line": 10, "column": 5, "context": "%s"}]}}"""
                .formatted(context));

        assertThat(event.primaryException().frames().getFirst().context())
                .startsWith(new SourceLine(5, "l5")).contains(new SourceLine(10, "boom()")).endsWith(new SourceLine(11, "l11"));
    }

    @Test
    void shouldReadTheFunctionAndFileTheBrowserSdkLeavesInTheContextFile() throws Exception {
        // flytrap_javascript's stack regex keeps "at fn (" in file; with no stack text the contexts are the frames
        Event event = parse(ERROR_PROTOCOL, """
                {"data": {"error": {"name": "TypeError", "message": "m"}, "project_id": 1, "browser": "Chrome 156",
                          "codeContexts": [{"file": "at renderPrice (http://h/app.js", "line": 4, "column": 21,
                                            "context": "\\"return cart.total;\\""},
                                           {"file": "at http://h/app.js", "line": 7, "column": 3, "context": "\\"x\\""}]}}""");

        assertThat(event.primaryException().frames()).extracting(f -> f.function(), f -> f.file(), f -> f.line(), f -> f.column())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(null, "http://h/app.js", 7, 3),
                        org.assertj.core.groups.Tuple.tuple("renderPrice", "http://h/app.js", 4, 21));
    }

    @Test
    void shouldAcceptARejectionWithNoValueAsPromiseRejectSendsIt() throws Exception {
        Event event = parse(REJECTION_PROTOCOL, """
                {"data": {"handled": false, "project_id": "3", "ip": null, "os": "Linux x86_64", "browser": "Chrome 156"}}""");

        assertThat(event.primaryException().type()).isEqualTo("UnhandledRejection");
        assertThat(event.primaryException().message()).isEqualTo("undefined");
    }

    @ParameterizedTest
    @CsvSource({"Python/3.11.2, python", "Node.js v20.20.2, node", "Node 20, node", "Go 1.22, other"})
    void shouldDeriveThePlatformFromTheRuntime(String runtime, String platform) throws Exception {
        Event event = parse(ERROR_PROTOCOL, """
                {"data": {"error": {"name": "E", "message": "m"}, "project_id": 1, "runtime": "%s"}}""".formatted(runtime));

        assertThat(event.platform()).isEqualTo(platform);
    }
}
