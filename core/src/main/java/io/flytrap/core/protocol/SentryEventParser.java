package io.flytrap.core.protocol;

import io.flytrap.core.event.ClientInfo;
import io.flytrap.core.event.Event;
import io.flytrap.core.event.ExceptionInfo;
import io.flytrap.core.event.Level;
import io.flytrap.core.event.UserInfo;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Reads a Sentry event (the "event" item of an envelope, or the body of /store/) into the internal event, as
 * leniently as Sentry does: a malformed optional field is dropped, the event kept.
 */
public final class SentryEventParser {

    public static final String PROTOCOL = "sentry-event";
    private static final String EVENT_ID = "event_id";

    private final EventFields fields = new EventFields(false);

    public Event parse(byte[] json, long projectId, UUID fallbackEventId, Instant receivedAt) throws InvalidPayloadException {
        JsonNode root = ProtocolJson.readObject(json, "event");
        UUID eventId = eventId(root.path(EVENT_ID).asString(null));
        Instant timestamp = WireTimes.occurredAt(fields.secondsOrRfc3339(root, "timestamp", "timestamp"), receivedAt);
        List<ExceptionInfo> exceptions = fields.exceptions(root, "exception", "exception");
        boolean handled = exceptions.stream().map(ExceptionInfo::mechanism)
                .noneMatch(mechanism -> mechanism != null && Boolean.FALSE.equals(mechanism.handled()));
        Level level = fields.level(root, "level", "level");
        UserInfo user = fields.user(root, "user", "user");
        Map<String, Map<String, Object>> contexts = fields.contexts(root, "contexts", "contexts");
        String platform = fields.string(root, "platform", "platform");
        return new Event(eventId != null ? eventId : fallbackEventId, projectId, timestamp, receivedAt,
                level != null ? level : Level.ERROR, handled, platform != null ? platform : "other", exceptions,
                message(root), fields.label(root, "release", "release", EventFields.MAX_RELEASE),
                fields.label(root, "environment", "environment", EventFields.MAX_ENVIRONMENT),
                fields.string(root, "server_name", "server_name"), fields.request(root, "request", "request"),
                clientInfo(contexts, user), user, fields.stringMap(root, "tags", "tags"), contexts,
                fields.breadcrumbs(root, "breadcrumbs", "breadcrumbs"), fields.strings(root, "fingerprint", "fingerprint"),
                fields.sdk(root, "sdk", "sdk"), List.of(), debugIds(root));
    }

    /**
     * What ingest needs of an event before it answers, without building it: that {@link #parse} will read it (this
     * protocol refuses nothing past a JSON object, see {@link ProtocolJson#checkObject}) and the id parse will give
     * it: the event's own when it names a valid one, else the fallback, made only then.
     */
    public UUID acceptedEventId(byte[] json, Supplier<UUID> fallbackEventId) throws InvalidPayloadException {
        UUID eventId = eventId(ProtocolJson.checkObject(json, "event", EVENT_ID));
        return eventId != null ? eventId : fallbackEventId.get();
    }

    /** The event's own id: Sentry's 32 hex digits, with or without dashes; null when absent or not an id. */
    private static UUID eventId(String text) {
        return text == null ? null : EventFields.parseUuid(text);
    }

    /** debug_meta.images of type "sourcemap": which debug ID each bundle file carries. Malformed entries are dropped. */
    private static Map<String, String> debugIds(JsonNode root) {
        JsonNode images = root.path("debug_meta").path("images");
        if (!images.isArray()) {
            return Map.of();
        }
        Map<String, String> ids = new java.util.LinkedHashMap<>();
        for (JsonNode image : images) {
            String file = image.path("code_file").asString(null);
            String id = image.path("debug_id").asString(null);
            if ("sourcemap".equals(image.path("type").asString(null)) && file != null && id != null
                    && file.length() <= 2_000 && id.length() <= 64 && ids.size() < 1_000) {
                ids.put(file, id);
            }
        }
        return ids;
    }

    /** "logentry" ({formatted} or {message}) or the older "message" (text or the same object). */
    private String message(JsonNode root) {
        for (String name : new String[]{"logentry", "message"}) {
            JsonNode node = root.get(name);
            if (node == null || node.isNull()) {
                continue;
            }
            if (node.isString()) {
                return node.stringValue();
            }
            if (node.isObject()) {
                String formatted = node.path("formatted").asString(null);
                return formatted != null ? formatted : node.path("message").asString(null);
            }
        }
        return null;
    }

    private static ClientInfo clientInfo(Map<String, Map<String, Object>> contexts, UserInfo user) {
        String ip = user == null || "{{auto}}".equals(user.ipAddress()) ? null : user.ipAddress();
        return new ClientInfo(ip, ClientInfo.nameAndVersion(contexts.get("os")),
                ClientInfo.nameAndVersion(contexts.get("browser")), ClientInfo.nameAndVersion(contexts.get("runtime")));
    }
}
