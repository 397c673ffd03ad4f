package io.flytrap.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A corpus of malformed, hostile and edge-case inputs for the fuzz tests of ingest and the management API: JSON
 * that is broken, deep, huge, of the wrong type or full of characters storage refuses (U+0000, lone surrogates,
 * invalid UTF-8), Sentry envelopes framed every wrong way, and broken compression. Deterministic, so a failure
 * names the same input on every run.
 */
public final class HostileInputs {

    private HostileInputs() {
    }

    /** Values that go wrong somewhere: as a whole body, in every field of an object, in every slot of an event. */
    public static Map<String, String> jsonValues() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("nul", "\"a\\u0000b\"");
        values.put("only-nul", "\"\\u0000\"");
        values.put("literal-backslash-u0000", "\"a\\\\u0000b\"");
        values.put("lone-high-surrogate", "\"\\ud800\"");
        values.put("lone-low-surrogate", "\"x\\udfff\"");
        values.put("reversed-surrogates", "\"\\udc00\\ud800\"");
        values.put("emoji-rtl-zero-width", "\"\uD83D\uDC1B \u202Eevil\u202C \u200B\uFEFF\"");
        values.put("control-escapes", "\"\\u0001\\u001f\\u007f\\u0085\\u2028\\u2029\"");
        values.put("html", "\"<script>alert(1)</script><!DOCTYPE html>\"");
        values.put("sql", "\"'; drop table events; --\"");
        values.put("path", "\"../../../../etc/passwd\"");
        values.put("empty", "\"\"");
        values.put("blank", "\"   \"");
        values.put("long-string", "\"" + "x".repeat(100_000) + "\"");
        values.put("null", "null");
        values.put("true", "true");
        values.put("zero", "0");
        values.put("negative", "-1");
        values.put("huge-integer", "123456789012345678901234567890");
        values.put("huge-exponent", "1e999999");
        values.put("tiny-exponent", "-1e-999999");
        values.put("float", "3.14159");
        values.put("empty-array", "[]");
        values.put("array-of-mixed", "[1,\"a\",null,{},[],\"\\u0000\"]");
        values.put("empty-object", "{}");
        values.put("object-with-nul-key", "{\"\\u0000\":\"\\u0000\",\"k\\u0000\":1}");
        values.put("nested-60", "[".repeat(60) + "]".repeat(60));
        values.put("nested-200", "{\"a\":".repeat(200) + "1" + "}".repeat(200));
        values.put("big-array", "[" + "0,".repeat(20_000) + "0]");
        return values;
    }

    /** Whole bodies, not all of them JSON. */
    public static Map<String, byte[]> bodies() {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        jsonValues().forEach((name, json) -> bodies.put("json " + name, utf8(json)));
        bodies.put("nothing", new byte[0]);
        bodies.put("whitespace", utf8(" \n\t\r "));
        bodies.put("truncated-object", utf8("{\"data\":{\"error\":"));
        bodies.put("trailing-garbage", utf8("{} {}"));
        bodies.put("single-quotes", utf8("{'a':'b'}"));
        bodies.put("comments", utf8("{/* hi */\"a\":1}"));
        bodies.put("raw-nul-byte", new byte[]{'{', '"', 'a', '"', ':', '"', 0, '"', '}'});
        bodies.put("raw-control-in-string", utf8("{\"a\":\"\u0001\"}"));
        bodies.put("invalid-utf8", new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, (byte) 0xc0, (byte) 0x80, '"', '}'});
        bodies.put("utf8-bom", concat(new byte[]{(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, utf8("{}")));
        bodies.put("utf16", "{\"a\":1}".getBytes(StandardCharsets.UTF_16));
        bodies.put("duplicate-keys", utf8("{\"a\":1,\"a\":{\"b\":2}}"));
        bodies.put("deep-5000", utf8("[".repeat(5000) + "]".repeat(5000)));
        bodies.put("binary", binary(4096));
        return bodies;
    }

    /** An object with each of these names set to the same hostile value: every field of a request at once. */
    public static String objectWithEvery(List<String> fields, String value) {
        StringBuilder json = new StringBuilder("{");
        for (String field : fields) {
            json.append(json.length() > 1 ? "," : "").append('"').append(field).append("\":").append(value);
        }
        return json.append('}').toString();
    }

    /** Sentry events with one hostile value in each slot a parser reads, as JSON text. */
    public static Map<String, String> sentryEvents() {
        List<String> slots = List.of("event_id", "timestamp", "level", "platform", "release", "environment",
                "server_name", "message", "logentry", "transaction", "tags", "user", "contexts", "request", "extra",
                "fingerprint", "breadcrumbs", "exception", "sdk", "debug_meta", "modules", "logger");
        Map<String, String> events = new LinkedHashMap<>();
        jsonValues().forEach((name, value) -> {
            if (!name.equals("long-string") && !name.equals("big-array")) {
                events.put("every slot " + name, objectWithEvery(slots, value));
            }
            events.put("exception value " + name, "{\"exception\":{\"values\":[{\"type\":" + value + ",\"value\":" + value
                    + ",\"stacktrace\":{\"frames\":[{\"filename\":" + value + ",\"function\":" + value + ",\"lineno\":"
                    + value + ",\"colno\":" + value + ",\"in_app\":" + value + ",\"context_line\":" + value
                    + ",\"pre_context\":" + value + ",\"vars\":" + value + "}]}}]}}");
            events.put("nested values " + name, "{\"exception\":{\"values\":[" + value + "]},\"breadcrumbs\":{\"values\":["
                    + value + "]},\"tags\":[[" + value + "," + value + "]],\"user\":{\"id\":" + value + ",\"ip_address\":"
                    + value + "},\"contexts\":{\"os\":{\"name\":" + value + "},\"browser\":" + value + "},\"request\":{\"url\":"
                    + value + ",\"headers\":[[" + value + "," + value + "]]},\"debug_meta\":{\"images\":[{\"type\":\"sourcemap\",\"code_file\":"
                    + value + ",\"debug_id\":" + value + "}]}}");
        });
        events.put("timestamps", "{\"timestamp\":-1e20,\"breadcrumbs\":{\"values\":[{\"timestamp\":\"9999-99-99T99:99:99Z\"},"
                + "{\"timestamp\":1e300},{\"timestamp\":\"0000-01-01T00:00:00Z\"}]}}");
        events.put("timestamp far future", "{\"timestamp\":\"+999999999-12-31T23:59:59Z\"}");
        events.put("event_id shapes", "{\"event_id\":\"00000000-0000-0000-0000-00000000000G\"}");
        events.put("event_id uppercase", "{\"event_id\":\"ABCDEF0123456789ABCDEF0123456789\"}");
        events.put("many frames", "{\"exception\":{\"values\":[{\"type\":\"E\",\"stacktrace\":{\"frames\":["
                + "{\"function\":\"f\",\"lineno\":1},".repeat(5000) + "{}]}}]}}");
        events.put("many breadcrumbs", "{\"breadcrumbs\":[" + "{\"message\":\"m\"},".repeat(5000) + "{}]}");
        events.put("many tags", "{\"tags\":{" + buildTags(3000) + "}}");
        events.put("minimal", "{}");
        return events;
    }

    /** Native payloads ({"data": ...}) with hostile values, for the given project id. */
    public static Map<String, String> nativeEvents(long projectId) {
        List<String> slots = List.of("error", "codeContexts", "handled", "timestamp", "method", "path", "ip", "os",
                "browser", "runtime", "event_id", "level", "release", "environment", "exception", "breadcrumbs",
                "user", "tags", "contexts", "fingerprint", "request", "sdk");
        Map<String, String> events = new LinkedHashMap<>();
        jsonValues().forEach((name, value) -> {
            String data = objectWithEvery(slots, value);
            events.put("every slot " + name, "{\"data\":" + data.substring(0, data.length() - 1) + ",\"project_id\":\"" + projectId + "\"}}");
            events.put("error fields " + name, "{\"data\":{\"error\":{\"name\":" + value + ",\"message\":" + value + ",\"stack\":"
                    + value + "},\"codeContexts\":[{\"file\":" + value + ",\"line\":" + value + ",\"context\":" + value
                    + "}],\"project_id\":" + projectId + ",\"timestamp\":" + value + "}}");
        });
        events.put("project id wrong", "{\"data\":{\"error\":{\"name\":\"E\",\"message\":\"m\",\"stack\":\"\"},\"project_id\":\"x\"}}");
        events.put("stack with nul lines", "{\"data\":{\"error\":{\"name\":\"E\",\"message\":\"m\",\"stack\":\"Error\\n    at \\u0000 (\\u0000:\\u0000:1)\\n"
                + "    at f (" + "a".repeat(5000) + ":1:1)\"},\"project_id\":" + projectId + "}}");
        events.put("code context holding nul json", "{\"data\":{\"error\":{\"name\":\"E\",\"message\":\"m\",\"stack\":\"\"},"
                + "\"codeContexts\":[{\"file\":\"a.js\",\"line\":1,\"context\":\"\\\"\\\\u0000\\\"\"}],\"project_id\":" + projectId + "}}");
        return events;
    }

    /** Envelope bodies framed wrongly, or carrying the hostile events. */
    public static Map<String, byte[]> envelopes() {
        Map<String, byte[]> envelopes = new LinkedHashMap<>();
        String event = "{\"message\":\"fine\"}";
        envelopes.put("header only", utf8("{}"));
        envelopes.put("header not json", utf8("nope\n{\"type\":\"event\"}\n{}\n"));
        envelopes.put("header array", utf8("[]\n{\"type\":\"event\"}\n{}\n"));
        envelopes.put("header event_id bad", utf8("{\"event_id\":\"zz\"}\n{\"type\":\"event\"}\n{}\n"));
        envelopes.put("header dsn hostile", utf8("{\"dsn\":\"http://\\u0000@%%%/1\"}\n{\"type\":\"event\"}\n{}\n"));
        envelopes.put("item header array", utf8("{}\n[1]\n{}\n"));
        envelopes.put("item header nul", utf8("{}\n{\"type\":\"ev\\u0000ent\"}\n{}\n"));
        envelopes.put("length negative", utf8("{}\n{\"type\":\"event\",\"length\":-1}\n{}\n"));
        envelopes.put("length string", utf8("{}\n{\"type\":\"event\",\"length\":\"12\"}\n{}\n"));
        envelopes.put("length float", utf8("{}\n{\"type\":\"event\",\"length\":1.5}\n{}\n"));
        envelopes.put("length huge", utf8("{}\n{\"type\":\"event\",\"length\":99999999999999999999}\n{}\n"));
        envelopes.put("length past end", utf8("{}\n{\"type\":\"event\",\"length\":500}\n{}\n"));
        envelopes.put("length short", utf8("{}\n{\"type\":\"event\",\"length\":2}\n" + event + "\n"));
        envelopes.put("attachment past end", utf8("{}\n{\"type\":\"attachment\",\"length\":5000}\nabc"));
        envelopes.put("no trailing newline", utf8("{}\n{\"type\":\"event\"}\n" + event));
        envelopes.put("crlf", utf8("{}\r\n{\"type\":\"event\"}\r\n" + event + "\r\n"));
        envelopes.put("blank lines", utf8("{}\n" + "\n".repeat(10_000) + "{\"type\":\"event\"}\n" + event + "\n"));
        envelopes.put("event empty", utf8("{}\n{\"type\":\"event\",\"length\":0}\n\n"));
        envelopes.put("too many items", utf8("{}\n" + "{\"type\":\"session\"}\n{}\n".repeat(150)));
        envelopes.put("two events", utf8("{}\n{\"type\":\"event\"}\n" + event + "\n{\"type\":\"event\"}\n{\"message\":\"two\"}\n"));
        envelopes.put("good then broken", utf8("{}\n{\"type\":\"event\"}\n" + event + "\n{\"type\":\"event\",\"length\":-7}\n"));
        envelopes.put("long header line", utf8("{\"x\":\"" + "a".repeat(70_000) + "\"}\n"));
        sentryEvents().forEach((name, json) -> envelopes.put("event " + name,
                utf8("{}\n{\"type\":\"event\",\"length\":" + utf8(json).length + "}\n" + json + "\n")));
        return envelopes;
    }

    /** Compressed bodies and ones that only claim to be. Value: {content-encoding, body}. */
    public static Map<String, Object[]> encodings(byte[] valid) {
        Map<String, Object[]> encoded = new LinkedHashMap<>();
        encoded.put("gzip", new Object[]{"gzip", gzip(valid)});
        encoded.put("deflate", new Object[]{"deflate", deflate(valid)});
        encoded.put("gzip not gzip", new Object[]{"gzip", valid});
        encoded.put("gzip truncated", new Object[]{"gzip", java.util.Arrays.copyOf(gzip(valid), 12)});
        encoded.put("deflate garbage", new Object[]{"deflate", binary(300)});
        encoded.put("br garbage", new Object[]{"br", binary(300)});
        encoded.put("unknown encoding", new Object[]{"zstd", valid});
        encoded.put("encoding list", new Object[]{"gzip, gzip", gzip(gzip(valid))});
        encoded.put("gzip bomb", new Object[]{"gzip", gzip(new byte[60 * 1024 * 1024])});
        return encoded;
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream deflate = new DeflaterOutputStream(out)) {
            deflate.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String buildTags(int count) {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tags.add("\"t" + i + "\":\"v\\u0000" + i + "\"");
        }
        return String.join(",", tags);
    }

    /** Fixed pseudo-random bytes (a linear congruential sequence): the same on every run. */
    private static byte[] binary(int length) {
        byte[] bytes = new byte[length];
        long seed = 42;
        for (int i = 0; i < length; i++) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            bytes[i] = (byte) (seed >>> 56);
        }
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
