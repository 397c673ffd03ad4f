package io.flytrap.sdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An event as it will be sent: the protocol's {@code data} object (docs/protocol/event-v1.schema.json), built on
 * the background thread and handed to {@link BeforeSend}. The map is mutable; the accessors cover what hooks
 * usually touch.
 */
public final class FlytrapEvent {

    private final Map<String, Object> data;

    FlytrapEvent(Map<String, Object> data) {
        this.data = data;
    }

    /** The whole payload, mutable: anything put here is sent (values must be JSON-like: maps, lists, scalars). */
    public Map<String, Object> data() {
        return data;
    }

    public String eventId() {
        return (String) data.get("event_id");
    }

    public String level() {
        return (String) data.get("level");
    }

    public String message() {
        return (String) data.get("message");
    }

    /** The tags, mutable. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> tags() {
        return (Map<String, Object>) data.computeIfAbsent("tags", key -> new LinkedHashMap<String, Object>());
    }

    /** The request (method, url, query_string, headers), or null; mutable. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> request() {
        return (Map<String, Object>) data.get("request");
    }

    /** The exception chain, oldest cause first and the caught exception last; empty for a message. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> exceptions() {
        Object exception = data.get("exception");
        return exception instanceof Map ? (List<Map<String, Object>>) ((Map<String, Object>) exception).get("values") : List.of();
    }

    public void setFingerprint(List<String> fingerprint) {
        data.put("fingerprint", List.copyOf(fingerprint));
    }
}
