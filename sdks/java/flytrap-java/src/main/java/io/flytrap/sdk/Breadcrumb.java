package io.flytrap.sdk;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something that happened before an event (a request, a log line, a click); the last 100 travel with each event.
 * Immutable: a breadcrumb is shared by every event captured while it is in the scope.
 */
public record Breadcrumb(Instant timestamp, String type, String category, String message, Level level,
                         Map<String, Object> data) {

    public Breadcrumb {
        timestamp = timestamp == null ? Instant.now() : timestamp;
        level = level == null ? Level.INFO : level;
        // a deep, bounded copy: the app may keep changing its own maps and lists after handing them over, and the
        // sender thread reads them later
        data = data == null || data.isEmpty() ? Map.of() : Scope.snapshot(data, EventBuilder.BREADCRUMB_DATA_DEPTH);
    }

    /** A "default" breadcrumb with a category and a message, at info level, now. */
    public static Breadcrumb of(String category, String message) {
        return new Breadcrumb(null, "default", category, message, Level.INFO, null);
    }

    /** An HTTP request the app handled or made. */
    public static Breadcrumb http(String method, String url, int statusCode) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("method", method);
        data.put("url", url);
        data.put("status_code", statusCode);
        return new Breadcrumb(null, "http", "http", method + " " + url, statusCode >= 500 ? Level.ERROR : Level.INFO, data);
    }
}
