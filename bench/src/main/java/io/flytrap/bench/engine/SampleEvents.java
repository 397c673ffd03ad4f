package io.flytrap.bench.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** The events both benchmarks send: realistic sizes, a few dozen distinct issues, many users. */
final class SampleEvents {

    static final int ISSUES = 50;
    static final int USERS = 1_000;

    private SampleEvents() {
    }

    /** About 1.2 KB: an original-SDK browser error with a five-frame stack. */
    /** {@code count} native events of the project as UTF-8, spread over the sample issues and users in turn. */
    static java.util.List<byte[]> nativeEvents(long projectId, int count) {
        java.util.List<byte[]> payloads = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            payloads.add(nativeEvent(projectId, i % ISSUES, i % USERS).getBytes(StandardCharsets.UTF_8));
        }
        return payloads;
    }

    static String nativeEvent(long projectId, int variant, int user) {
        String function = "handler" + (variant % ISSUES);
        return """
                {"data": {"error": {"name": "TypeError", "message": "Cannot read properties of undefined (reading 'id') in order %d",
                  "stack": "TypeError: Cannot read properties of undefined (reading 'id')\\n    at %s (https://shop.example/static/js/main.3f9a8b7c.js:2:1043)\\n    at renderWithHooks (https://shop.example/static/js/vendor.1a2b3c4d.js:9:777)\\n    at mountIndeterminateComponent (https://shop.example/static/js/vendor.1a2b3c4d.js:9:4411)\\n    at beginWork (https://shop.example/static/js/vendor.1a2b3c4d.js:9:9123)\\n    at performUnitOfWork (https://shop.example/static/js/vendor.1a2b3c4d.js:9:12004)"},
                  "codeContexts": [], "handled": false, "timestamp": "2026-11-26T10:00:00.000Z", "project_id": "%d",
                  "method": "GET", "path": "/cart/checkout?step=payment", "ip": "198.51.%d.%d",
                  "os": "Windows 11", "browser": "Chrome 140.0.7339.81", "release": "web@4.2.%d", "environment": "production",
                  "user": {"id": "user-%d"}, "tags": {"locale": "en-GB", "plan": "pro"}}}"""
                .formatted(variant, function, projectId, user / 250, user % 250, variant % 3, user);
    }

    /** A Sentry envelope with the same error as an event item, gzip-compressed as server SDKs send it. */
    static byte[] gzippedEnvelope() throws IOException {
        String event = """
                {"platform":"node","level":"error","release":"api@1.0.0","environment":"production",
                 "exception":{"values":[{"type":"TypeError","value":"Cannot read properties of undefined (reading 'id')",
                   "mechanism":{"type":"generic","handled":true},
                   "stacktrace":{"frames":[{"filename":"/srv/app/node_modules/express/lib/router/layer.js","function":"handle","lineno":95,"in_app":false},
                     {"filename":"/srv/app/src/routes/cart.js","function":"checkout","lineno":42,"colno":17,"in_app":true}]}}]},
                 "user":{"id":"u1"},"tags":{"route":"/cart"},"sdk":{"name":"sentry.javascript.node","version":"11.12.0"}}"""
                .replace("\n", "");
        String envelope = "{\"sent_at\":\"2026-11-26T10:00:00Z\"}\n{\"type\":\"event\"}\n" + event + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(envelope.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
