package io.flytrap.core.protocol;

import io.flytrap.core.event.ClientInfo;
import io.flytrap.core.event.Event;
import io.flytrap.core.event.ExceptionInfo;
import io.flytrap.core.event.Level;
import io.flytrap.core.event.RequestInfo;
import io.flytrap.core.event.StackFrame;
import io.flytrap.core.event.UserInfo;
import io.flytrap.core.stacktrace.StackTraceParser;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Reads the native Flytrap payload: the original SDKs' {@code {"data": {...}}} shape for {@code /api/errors} and
 * {@code /api/rejections}, plus the optional fields of protocol version 1 ({@code docs/protocol/event-v1.schema.json}).
 * Strict: a wrong type is a 400 naming the field. Ingest runs it to validate before enqueueing; the processor runs
 * it again on the raw bytes it dequeues, so the queue only ever holds what the client sent.
 */
public final class NativePayloadParser {

    public static final String ERROR_PROTOCOL = "native-error";
    public static final String REJECTION_PROTOCOL = "native-rejection";

    private final EventFields fields = new EventFields(true);
    private final NativeCodeContexts codeContexts = new NativeCodeContexts(fields);
    private final boolean parseStacks;

    /** The processor's parser: reads stack strings into frames. */
    public NativePayloadParser() {
        this(true);
    }

    /**
     * @param parseStacks false for ingest, which only validates: turning stack text into frames is the
     *                    processor's work, and ingest answers faster without it
     */
    public NativePayloadParser(boolean parseStacks) {
        this.parseStacks = parseStacks;
    }

    /**
     * @param fallbackEventId used when the payload carries no {@code event_id} (all original SDKs)
     * @param receivedAt      when ingest accepted the body; also the event time when the payload has none, or one
     *                        the store cannot hold or more than a minute ahead
     */
    public Event parse(String protocol, byte[] body, UUID fallbackEventId, Instant receivedAt) throws InvalidPayloadException {
        JsonNode root = ProtocolJson.readObject(body, "body");
        JsonNode data = EventFields.requiredObject(root, "data", "data");
        return switch (protocol) {
            case ERROR_PROTOCOL -> event(data, fallbackEventId, receivedAt, errorChain(data));
            case REJECTION_PROTOCOL -> event(data, fallbackEventId, receivedAt, rejection(data));
            default -> throw new IllegalArgumentException("not a native protocol: " + protocol);
        };
    }

    /**
     * The structured v1 chain when present, else the original single error with its stack as text; none for a
     * message event (v1: {@code message} without {@code error} or {@code exception}, as captureMessage sends).
     */
    private List<ExceptionInfo> errorChain(JsonNode data) throws InvalidPayloadException {
        List<ExceptionInfo> chain = fields.exceptions(data, "exception", "data.exception");
        if (!chain.isEmpty()) {
            return chain;
        }
        if (data.get("error") == null && data.get("exception") == null && data.path("message").isString()) {
            return List.of();
        }
        JsonNode error = EventFields.requiredObject(data, "error", "data.error");
        String name = fields.string(error, "name", "data.error.name");
        String message = fields.string(error, "message", "data.error.message");
        String stack = fields.string(error, "stack", "data.error.stack");
        List<NativeCodeContexts.CodeContext> contexts = codeContexts.read(data); // validated either way
        List<StackFrame> frames = parseStacks ? NativeCodeContexts.attach(StackTraceParser.parse(stack), contexts) : List.of();
        return List.of(new ExceptionInfo(name == null ? "Error" : name, message, frames, stack));
    }

    private List<ExceptionInfo> rejection(JsonNode data) throws InvalidPayloadException {
        JsonNode value = data.get("value");
        // The rejection reason can be anything a promise was rejected with; show it the way it was sent.
        // Promise.reject() rejects with undefined, which JSON.stringify leaves out: the original SDKs then send no
        // value at all, and that is still a rejection the app did not handle.
        String reason = value == null ? "undefined" : value.isString() ? value.stringValue() : value.toString();
        return List.of(new ExceptionInfo("UnhandledRejection", reason, List.of(), null));
    }

    private Event event(JsonNode data, UUID fallbackEventId, Instant receivedAt, List<ExceptionInfo> exceptions)
            throws InvalidPayloadException {
        long projectId = projectId(data);
        UUID eventId = fields.uuid(data, "event_id", "data.event_id");
        Instant occurredAt = WireTimes.occurredAt(fields.isoOrEpochMillis(data, "timestamp", "data.timestamp"), receivedAt);
        Boolean handled = fields.bool(data, "handled", "data.handled");
        Level level = fields.level(data, "level", "data.level");
        UserInfo user = fields.user(data, "user", "data.user");
        RequestInfo request = fields.request(data, "request", "data.request");
        if (request == null) {
            String method = fields.string(data, "method", "data.method");
            String path = fields.string(data, "path", "data.path");
            request = method == null && path == null ? null : new RequestInfo(method, path);
        }
        String ip = fields.string(data, "ip", "data.ip");
        ClientInfo client = new ClientInfo(ip != null ? ip : user == null ? null : user.ipAddress(),
                fields.string(data, "os", "data.os"), fields.string(data, "browser", "data.browser"),
                fields.string(data, "runtime", "data.runtime"));
        String platform = fields.string(data, "platform", "data.platform");
        if (platform == null) {
            platform = client.browser() != null ? "javascript" : RuntimePlatform.of(client.runtime());
        }
        return new Event(eventId != null ? eventId : fallbackEventId, projectId,
                occurredAt, receivedAt, level != null ? level : Level.ERROR, handled == null || handled,
                platform, exceptions, fields.string(data, "message", "data.message"),
                fields.label(data, "release", "data.release", EventFields.MAX_RELEASE),
                fields.label(data, "environment", "data.environment", EventFields.MAX_ENVIRONMENT),
                fields.string(data, "server_name", "data.server_name"), request, client, user,
                fields.stringMap(data, "tags", "data.tags"), fields.contexts(data, "contexts", "data.contexts"),
                fields.breadcrumbs(data, "breadcrumbs", "data.breadcrumbs"),
                fields.strings(data, "fingerprint", "data.fingerprint"), fields.sdk(data, "sdk", "data.sdk"), List.of(), null);
    }

    private long projectId(JsonNode data) throws InvalidPayloadException {
        JsonNode node = data.get("project_id");
        if (node == null || node.isNull()) {
            throw new InvalidPayloadException("data.project_id", "is required");
        }
        String text = node.isIntegralNumber() ? node.asString() : node.isString() ? node.stringValue().strip() : null;
        if (text != null) {
            try {
                long id = Long.parseLong(text);
                if (id > 0) {
                    return id;
                }
            } catch (NumberFormatException notANumber) {
                // falls through to the same message
            }
        }
        throw new InvalidPayloadException("data.project_id", "must be a project id (a positive integer or a string of digits)");
    }
}
