package io.flytrap.core.protocol;

import io.flytrap.core.event.ClientInfo;
import io.flytrap.core.event.Event;
import io.flytrap.core.event.ExceptionInfo;
import io.flytrap.core.event.Level;
import io.flytrap.core.event.RequestInfo;
import io.flytrap.core.event.SourceLine;
import io.flytrap.core.event.StackFrame;
import io.flytrap.core.stacktrace.StackTraceParser;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads the native Flytrap payload: the original SDKs' {@code {"data": {...}}} shape for {@code /api/errors} and
 * {@code /api/rejections}. Ingest runs it to validate before enqueueing; the processor runs it again on the raw
 * bytes it dequeues, so the queue only ever holds what the client sent.
 */
public final class NativePayloadParser {

    public static final String ERROR_PROTOCOL = "native-error";
    public static final String REJECTION_PROTOCOL = "native-rejection";

    static final int MAX_NESTING_DEPTH = 64;

    private final JsonMapper mapper = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .build())
            .build();

    /**
     * @param fallbackEventId used when the payload carries no {@code event_id} (all original SDKs)
     * @param receivedAt      when ingest accepted the body; also the event time when the payload has none
     */
    public Event parse(String protocol, byte[] body, UUID fallbackEventId, Instant receivedAt) throws InvalidPayloadException {
        JsonNode root = readTree(body);
        JsonNode data = JsonFields.object(root, "data", "data", true);
        return switch (protocol) {
            case ERROR_PROTOCOL -> parseError(data, fallbackEventId, receivedAt);
            case REJECTION_PROTOCOL -> parseRejection(data, fallbackEventId, receivedAt);
            default -> throw new IllegalArgumentException("not a native protocol: " + protocol);
        };
    }

    private JsonNode readTree(byte[] body) throws InvalidPayloadException {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JacksonException malformed) {
            throw new InvalidPayloadException("body", "is not valid JSON: " + malformed.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidPayloadException("body", "must be a JSON object");
        }
        return root;
    }

    private Event parseError(JsonNode data, UUID fallbackEventId, Instant receivedAt) throws InvalidPayloadException {
        JsonNode error = JsonFields.object(data, "error", "data.error", true);
        String name = JsonFields.string(error, "name", "data.error.name");
        String message = JsonFields.string(error, "message", "data.error.message");
        String stack = JsonFields.string(error, "stack", "data.error.stack");
        List<StackFrame> frames = attachCodeContexts(StackTraceParser.parse(stack), codeContexts(data));
        ExceptionInfo exception = new ExceptionInfo(name == null ? "Error" : name, message, frames, stack);
        return event(data, fallbackEventId, receivedAt, List.of(exception), null);
    }

    private Event parseRejection(JsonNode data, UUID fallbackEventId, Instant receivedAt) throws InvalidPayloadException {
        JsonNode value = data.get("value");
        if (value == null) {
            throw new InvalidPayloadException("data.value", "is required");
        }
        // The rejection reason can be anything a promise was rejected with; show it the way it was sent.
        String reason = value.isString() ? value.stringValue() : value.toString();
        ExceptionInfo exception = new ExceptionInfo("UnhandledRejection", reason, List.of(), null);
        return event(data, fallbackEventId, receivedAt, List.of(exception), null);
    }

    private Event event(JsonNode data, UUID fallbackEventId, Instant receivedAt, List<ExceptionInfo> exceptions,
                        String message) throws InvalidPayloadException {
        long projectId = projectId(data);
        UUID eventId = JsonFields.uuid(data, "event_id", "data.event_id");
        Instant occurredAt = JsonFields.timestamp(data, "timestamp", "data.timestamp");
        boolean handled = JsonFields.bool(data, "handled", "data.handled").orElse(true);
        String levelName = JsonFields.string(data, "level", "data.level");
        Level level = levelName == null ? Level.ERROR : Level.parse(levelName)
                .orElseThrow(() -> new InvalidPayloadException("data.level", "must be one of fatal, error, warning, info, debug"));
        String method = JsonFields.string(data, "method", "data.method");
        String path = JsonFields.string(data, "path", "data.path");
        ClientInfo client = new ClientInfo(JsonFields.string(data, "ip", "data.ip"), JsonFields.string(data, "os", "data.os"),
                JsonFields.string(data, "browser", "data.browser"), JsonFields.string(data, "runtime", "data.runtime"));
        String platform = client.browser() != null ? "javascript" : client.runtime() != null ? "node" : "other";
        return new Event(eventId != null ? eventId : fallbackEventId, projectId,
                occurredAt != null ? occurredAt : receivedAt, receivedAt, level, handled, platform, exceptions, message,
                JsonFields.string(data, "release", "data.release"), JsonFields.string(data, "environment", "data.environment"),
                method == null && path == null ? null : new RequestInfo(method, path), client, Map.of());
    }

    private static long projectId(JsonNode data) throws InvalidPayloadException {
        JsonNode node = data.get("project_id");
        if (node == null || node.isNull()) {
            throw new InvalidPayloadException("data.project_id", "is required");
        }
        String text = node.isIntegralNumber() ? node.asString() : node.isString() ? node.stringValue().strip() : null;
        if (text == null) {
            throw new InvalidPayloadException("data.project_id", "must be a project id (a positive integer or a string of digits)");
        }
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException notANumber) {
            // falls through to the same message
        }
        throw new InvalidPayloadException("data.project_id", "must be a project id (a positive integer or a string of digits)");
    }

    private record CodeContext(String file, int line, List<SourceLine> lines) {
    }

    private List<CodeContext> codeContexts(JsonNode data) throws InvalidPayloadException {
        JsonNode array = data.get("codeContexts");
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new InvalidPayloadException("data.codeContexts", "must be an array");
        }
        List<CodeContext> contexts = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String path = "data.codeContexts[" + i + "]";
            JsonNode item = array.get(i);
            if (!item.isObject()) {
                throw new InvalidPayloadException(path, "must be an object");
            }
            String file = JsonFields.string(item, "file", path + ".file");
            Integer line = JsonFields.integer(item, "line", path + ".line");
            JsonFields.integer(item, "column", path + ".column");
            String context = JsonFields.string(item, "context", path + ".context");
            if (file != null && line != null && context != null) {
                contexts.add(new CodeContext(file, line, sourceLines(context, line)));
            }
        }
        return contexts;
    }

    /**
     * The original SDKs send the context as a JSON string; we accept an object of line number to code, an array
     * of {line, code} objects, or an array of lines centred on the error line. Anything else is ignored: the
     * context is a nicety, never a reason to refuse an error.
     */
    private List<SourceLine> sourceLines(String context, int errorLine) {
        JsonNode node;
        try {
            node = mapper.readTree(context);
        } catch (JacksonException notJson) {
            return List.of();
        }
        List<SourceLine> lines = new ArrayList<>();
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (entry.getKey().matches("\\d{1,9}") && entry.getValue().isString()) {
                    lines.add(new SourceLine(Integer.parseInt(entry.getKey()), entry.getValue().stringValue()));
                }
            }
        } else if (node.isArray()) {
            int first = errorLine - node.size() / 2;
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                if (item.isString()) {
                    lines.add(new SourceLine(first + i, item.stringValue()));
                } else if (item.isObject() && item.path("line").isInt()) {
                    JsonNode code = item.has("code") ? item.get("code") : item.path("content");
                    lines.add(new SourceLine(item.get("line").intValue(), code.asString("")));
                }
            }
        }
        lines.sort(java.util.Comparator.comparingInt(SourceLine::number));
        return lines;
    }

    private static List<StackFrame> attachCodeContexts(List<StackFrame> frames, List<CodeContext> contexts) {
        if (contexts.isEmpty()) {
            return frames;
        }
        List<StackFrame> result = new ArrayList<>(frames.size());
        for (StackFrame frame : frames) {
            StackFrame withContext = frame;
            for (CodeContext context : contexts) {
                if (frame.line() != null && frame.line() == context.line() && frame.file() != null
                        && (frame.file().equals(context.file()) || frame.file().endsWith(context.file()))) {
                    withContext = frame.withContext(context.lines());
                    break;
                }
            }
            result.add(withContext);
        }
        return result;
    }
}
