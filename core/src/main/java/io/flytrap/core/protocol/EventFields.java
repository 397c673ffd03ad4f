package io.flytrap.core.protocol;

import io.flytrap.core.event.Breadcrumb;
import io.flytrap.core.event.ExceptionInfo;
import io.flytrap.core.event.Mechanism;
import io.flytrap.core.event.RequestInfo;
import io.flytrap.core.event.SdkInfo;
import io.flytrap.core.event.SourceLine;
import io.flytrap.core.event.StackFrame;
import io.flytrap.core.event.UserInfo;
import tools.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the structured parts of an event that both protocols share (the native v1 fields use Sentry's shapes:
 * exception values with stack frames, user, tags, contexts, breadcrumbs, request, fingerprint, sdk).
 * Strict for the native protocol, where a wrong type is the SDK author's bug and gets a 400 naming the field;
 * lenient for the Sentry protocol, where, as in Sentry itself, a malformed optional field is dropped and the rest
 * of the event kept.
 */
final class EventFields extends FieldReader {


    static final int MAX_FRAMES = 250;
    static final int MAX_BREADCRUMBS = 100;
    static final int MAX_TAGS = 200;
    static final int MAX_CHAIN = 20;
    static final int MAX_RELEASE = 200;
    static final int MAX_ENVIRONMENT = 64;

    EventFields(boolean strict) {
        super(strict);
    }

    List<ExceptionInfo> exceptions(JsonNode parent, String name, String path) throws InvalidPayloadException {
        JsonNode array = values(parent, name, path);
        if (array == null) {
            return List.of();
        }
        List<ExceptionInfo> chain = new ArrayList<>();
        int first = Math.max(0, array.size() - MAX_CHAIN);
        for (int i = first; i < array.size(); i++) {
            String itemPath = path + "[" + i + "]";
            JsonNode item = array.get(i);
            if (!item.isObject()) {
                wrong(itemPath, "must be an object");
                continue;
            }
            JsonNode stacktrace = object(item, "stacktrace", itemPath + ".stacktrace");
            List<StackFrame> frames = stacktrace == null ? List.of() : frames(stacktrace, itemPath + ".stacktrace.frames");
            JsonNode mechanism = object(item, "mechanism", itemPath + ".mechanism");
            chain.add(new ExceptionInfo(string(item, "type", itemPath + ".type"), string(item, "value", itemPath + ".value"),
                    string(item, "module", itemPath + ".module"), frames,
                    mechanism == null ? null : new Mechanism(string(mechanism, "type", itemPath + ".mechanism.type"),
                            bool(mechanism, "handled", itemPath + ".mechanism.handled")), null));
        }
        return chain;
    }

    /** Frames, caller first; when there are too many, the outermost and innermost are kept. */
    List<StackFrame> frames(JsonNode stacktrace, String path) throws InvalidPayloadException {
        JsonNode array = values(stacktrace, "frames", path);
        if (array == null) {
            return List.of();
        }
        List<StackFrame> frames = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (array.size() > MAX_FRAMES && i >= MAX_FRAMES / 2 && i < array.size() - MAX_FRAMES / 2) {
                continue;
            }
            String framePath = path + "[" + i + "]";
            JsonNode frame = array.get(i);
            if (!frame.isObject()) {
                wrong(framePath, "must be an object");
                continue;
            }
            String file = string(frame, "abs_path", framePath + ".abs_path");
            String filename = string(frame, "filename", framePath + ".filename");
            Integer line = integer(frame, "lineno", framePath + ".lineno");
            Boolean inApp = bool(frame, "in_app", framePath + ".in_app");
            frames.add(new StackFrame(file != null ? file : filename, string(frame, "function", framePath + ".function"),
                    string(frame, "module", framePath + ".module"), line, integer(frame, "colno", framePath + ".colno"),
                    inApp == null || inApp, context(frame, line, framePath), inApp));
        }
        return frames;
    }

    private List<SourceLine> context(JsonNode frame, Integer line, String path) throws InvalidPayloadException {
        String contextLine = string(frame, "context_line", path + ".context_line");
        if (line == null || contextLine == null) {
            return List.of();
        }
        List<String> before = strings(frame, "pre_context", path + ".pre_context");
        List<String> after = strings(frame, "post_context", path + ".post_context");
        List<SourceLine> lines = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            lines.add(new SourceLine(line - before.size() + i, before.get(i)));
        }
        lines.add(new SourceLine(line, contextLine));
        for (int i = 0; i < after.size(); i++) {
            lines.add(new SourceLine(line + 1 + i, after.get(i)));
        }
        return lines;
    }

    UserInfo user(JsonNode parent, String name, String path) throws InvalidPayloadException {
        JsonNode user = object(parent, name, path);
        if (user == null) {
            return null;
        }
        UserInfo info = new UserInfo(stringOrNumber(user, "id", path + ".id"), string(user, "email", path + ".email"),
                string(user, "username", path + ".username"), string(user, "ip_address", path + ".ip_address"));
        // a user object with none of these fields names nobody: no user rather than an empty one
        boolean nobody = info.id() == null && info.email() == null && info.username() == null && info.ipAddress() == null;
        return nobody ? null : info;
    }

    /** An object of scalar values, or a list of [key, value] pairs (both occur in Sentry payloads). */
    Map<String, String> stringMap(JsonNode parent, String name, String path) throws InvalidPayloadException {
        JsonNode node = parent.get(name);
        if (absent(node)) {
            return Map.of();
        }
        Map<String, String> result = new LinkedHashMap<>();
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                JsonNode value = entry.getValue();
                if (result.size() == MAX_TAGS || absent(value)) {
                    continue;
                }
                if (value.isString() || value.isNumber() || value.isBoolean()) {
                    result.put(entry.getKey(), value.asString());
                } else {
                    wrong(path + "." + entry.getKey(), "must be a string, number or boolean");
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size() && result.size() < MAX_TAGS; i++) {
                JsonNode pair = node.get(i);
                if (pair.isArray() && pair.size() == 2 && pair.get(0).isString() && !absent(pair.get(1))) {
                    result.put(pair.get(0).stringValue(), pair.get(1).asString());
                } else {
                    wrong(path + "[" + i + "]", "must be a [key, value] pair");
                }
            }
        } else {
            wrong(path, "must be an object");
        }
        return result;
    }

    Map<String, Map<String, Object>> contexts(JsonNode parent, String name, String path) throws InvalidPayloadException {
        JsonNode node = object(parent, name, path);
        if (node == null) {
            return Map.of();
        }
        Map<String, Map<String, Object>> contexts = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (entry.getValue().isObject()) {
                contexts.put(entry.getKey(), ProtocolJson.plainObject(entry.getValue()));
            } else if (!absent(entry.getValue())) {
                wrong(path + "." + entry.getKey(), "must be an object");
            }
        }
        return contexts;
    }

    List<Breadcrumb> breadcrumbs(JsonNode parent, String name, String path) throws InvalidPayloadException {
        JsonNode array = values(parent, name, path);
        if (array == null) {
            return List.of();
        }
        List<Breadcrumb> breadcrumbs = new ArrayList<>();
        for (int i = Math.max(0, array.size() - MAX_BREADCRUMBS); i < array.size(); i++) {
            String itemPath = path + "[" + i + "]";
            JsonNode crumb = array.get(i);
            if (!crumb.isObject()) {
                wrong(itemPath, "must be an object");
                continue;
            }
            breadcrumbs.add(new Breadcrumb(secondsOrRfc3339(crumb, "timestamp", itemPath + ".timestamp"),
                    string(crumb, "type", itemPath + ".type"), string(crumb, "category", itemPath + ".category"),
                    string(crumb, "message", itemPath + ".message"), level(crumb, "level", itemPath + ".level"),
                    breadcrumbData(crumb, itemPath + ".data")));
        }
        return breadcrumbs;
    }

    /** Breadcrumb data with its JSON types: a status code stays a number, a flag a boolean, as the SDK sent them. */
    private Map<String, Object> breadcrumbData(JsonNode crumb, String path) throws InvalidPayloadException {
        JsonNode data = object(crumb, "data", path);
        return data == null ? Map.of() : ProtocolJson.plainObject(data);
    }

    RequestInfo request(JsonNode parent, String name, String path) throws InvalidPayloadException {
        JsonNode request = object(parent, name, path);
        if (request == null) {
            return null;
        }
        JsonNode query = request.get("query_string");
        String queryString;
        if (absent(query)) {
            queryString = null;
        } else if (query.isString()) {
            queryString = query.stringValue();
        } else {
            Map<String, String> pairs = stringMap(request, "query_string", path + ".query_string");
            queryString = pairs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .reduce((a, b) -> a + "&" + b).orElse(null);
        }
        return new RequestInfo(string(request, "method", path + ".method"), string(request, "url", path + ".url"),
                queryString, stringMap(request, "headers", path + ".headers"), cookies(request, path + ".cookies"),
                ProtocolJson.plain(request.get("data")));
    }

    /** Sentry sends cookies as an object, as pairs, or as the raw Cookie header ("a=1; b=2"). */
    private Map<String, String> cookies(JsonNode request, String path) throws InvalidPayloadException {
        JsonNode cookies = request.get("cookies");
        if (absent(cookies) || !cookies.isString()) {
            return stringMap(request, "cookies", path);
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (String pair : cookies.stringValue().split(";")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && result.size() < MAX_TAGS) {
                result.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
            }
        }
        return result;
    }

    SdkInfo sdk(JsonNode parent, String name, String path) throws InvalidPayloadException {
        JsonNode sdk = object(parent, name, path);
        if (sdk == null) {
            return null;
        }
        return new SdkInfo(string(sdk, "name", path + ".name"), string(sdk, "version", path + ".version"));
    }
}
