package io.flytrap.core.protocol;

import io.flytrap.core.event.Breadcrumb;
import io.flytrap.core.event.ExceptionInfo;
import io.flytrap.core.event.Level;
import io.flytrap.core.event.Mechanism;
import io.flytrap.core.event.RequestInfo;
import io.flytrap.core.event.SdkInfo;
import io.flytrap.core.event.SourceLine;
import io.flytrap.core.event.StackFrame;
import io.flytrap.core.event.UserInfo;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads the structured parts of an event that both protocols share (the native v1 fields use Sentry's shapes:
 * exception values with stack frames, user, tags, contexts, breadcrumbs, request, fingerprint, sdk).
 * Strict for the native protocol, where a wrong type is the SDK author's bug and gets a 400 naming the field;
 * lenient for the Sentry protocol, where, as in Sentry itself, a malformed optional field is dropped and the rest
 * of the event kept.
 */
final class EventFields {

    static final int MAX_FRAMES = 250;
    static final int MAX_BREADCRUMBS = 100;
    static final int MAX_TAGS = 200;
    static final int MAX_CHAIN = 20;
    static final int MAX_RELEASE = 200;
    static final int MAX_ENVIRONMENT = 64;

    private final boolean strict;

    EventFields(boolean strict) {
        this.strict = strict;
    }

    private <T> T wrong(String path, String problem) throws InvalidPayloadException {
        if (strict) {
            throw new InvalidPayloadException(path, problem);
        }
        return null;
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /**
     * A release or environment, cut to Sentry's own limits. Both are index keys in the store (releases,
     * environments and the issue filters), and PostgreSQL cannot index a value over about 2,700 bytes: longer, the
     * event failed in processing on every attempt after ingest had answered 200. Ingest parses with this before it
     * answers and processing parses with it again, so what is accepted is what is stored.
     */
    String label(JsonNode parent, String name, String path, int maxLength) throws InvalidPayloadException {
        String text = string(parent, name, path);
        if (text == null || text.length() <= maxLength) {
            return text;
        }
        // never half of a surrogate pair: a lone one is not valid UTF-8, which PostgreSQL refuses
        int end = Character.isHighSurrogate(text.charAt(maxLength - 1)) ? maxLength - 1 : maxLength;
        return text.substring(0, end);
    }

    String string(JsonNode parent, String name, String path) throws InvalidPayloadException {
        JsonNode node = parent.get(name);
        if (absent(node)) {
            return null;
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (!strict && (node.isNumber() || node.isBoolean())) {
            return node.asString();
        }
        return wrong(path, "must be a string");
    }

    /** Ids may be strings or numbers in both protocols. */
    String stringOrNumber(JsonNode parent, String name, String path) throws InvalidPayloadException {
        JsonNode node = parent.get(name);
        if (absent(node)) {
            return null;
        }
        if (node.isString() || node.isNumber()) {
            return node.asString();
        }
        return wrong(path, "must be a string or a number");
    }

    Integer integer(JsonNode parent, String name, String path) throws InvalidPayloadException {
        JsonNode node = parent.get(name);
        if (absent(node)) {
            return null;
        }
        if (node.isInt()) {
            return node.intValue();
        }
        return wrong(path, "must be an integer");
    }

    Boolean bool(JsonNode parent, String name, String path) throws InvalidPayloadException {
        JsonNode node = parent.get(name);
        if (absent(node)) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return wrong(path, "must be true or false");
    }

    JsonNode object(JsonNode parent, String name, String path) throws InvalidPayloadException {
        JsonNode node = parent.get(name);
        if (absent(node)) {
            return null;
        }
        return node.isObject() ? node : wrong(path, "must be an object");
    }

    /** An object the payload cannot do without: missing or mistyped is an error in either mode. */
    static JsonNode requiredObject(JsonNode parent, String name, String path) throws InvalidPayloadException {
        JsonNode node = parent.get(name);
        if (absent(node)) {
            throw new InvalidPayloadException(path, "is required");
        }
        if (!node.isObject()) {
            throw new InvalidPayloadException(path, "must be an object");
        }
        return node;
    }

    /** Client clocks run ahead; an event "from the future" is dated when it arrived. */
    static final Duration MAX_CLOCK_AHEAD = Duration.ofMinutes(1);
    /** timestamptz's first day, 4713 BC (year -4712 in ISO numbering), rounded up to a whole year. */
    static final Instant EARLIEST_STORABLE = Instant.parse("-4712-01-01T00:00:00Z");

    /**
     * When the event happened, for both protocols: the time it was sent, unless that is missing, more than
     * {@link #MAX_CLOCK_AHEAD} ahead of its arrival, or before what PostgreSQL's timestamptz can hold; then when it
     * arrived. Ingest answers 200 after parsing with this, so an accepted event always has a time the store takes
     * (#20 item 5). timestamptz's other end, 294276 AD, is past the clock check.
     */
    static Instant occurredAt(Instant sent, Instant receivedAt) {
        if (sent == null || sent.isBefore(EARLIEST_STORABLE) || sent.isAfter(receivedAt.plus(MAX_CLOCK_AHEAD))) {
            return receivedAt;
        }
        return sent;
    }

    /**
     * The native protocol's time: ISO-8601 with offset (JavaScript's toISOString, Python's isoformat), ISO-8601
     * without offset (taken as UTC), or epoch milliseconds (JavaScript's Date.now()).
     */
    Instant isoOrEpochMillis(JsonNode parent, String name, String path) throws InvalidPayloadException {
        JsonNode node = parent.get(name);
        if (absent(node)) {
            return null;
        }
        if (node.isNumber()) {
            // Checked first: a fraction, a huge integer or 1e999 made longValue() throw, a server error
            double millis = node.doubleValue();
            if (!Double.isFinite(millis) || Math.abs(millis) > Long.MAX_VALUE) {
                return wrong(path, "must be an ISO-8601 date-time or epoch milliseconds");
            }
            return Instant.ofEpochMilli((long) Math.floor(millis));
        }
        Instant parsed = node.isString() ? isoInstant(node.stringValue()) : null;
        return parsed != null ? parsed : wrong(path, "must be an ISO-8601 date-time or epoch milliseconds");
    }

    private static Instant isoInstant(String text) {
        Instant common = utcInstant(text);
        if (common != null) {
            return common;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    /**
     * The shape nearly every SDK sends, "2026-11-26T10:00:00.123Z" (JavaScript's toISOString), read without a
     * DateTimeFormatter: profiling ingest showed the general parser as its most expensive step.
     */
    static Instant utcInstant(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            if (text.charAt(19) != '.' || length - 21 > 9 || length - 21 < 1) {
                return null;
            }
            int fraction = digits(text, 20, length - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * (int) Math.pow(10, 9 - (length - 21));
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException impossibleDate) {
            return null; // e.g. February 30th: let the general parser produce the error
        }
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    UUID uuid(JsonNode parent, String name, String path) throws InvalidPayloadException {
        String text = string(parent, name, path);
        if (text == null) {
            return null;
        }
        UUID parsed = parseUuid(text);
        return parsed != null ? parsed : wrong(path, "must be a UUID (32 hex digits, dashes optional)");
    }

    /** 32 hex digits, dashes optional (Sentry sends them without). */
    static UUID parseUuid(String text) {
        String hex = text.replace("-", "");
        if (hex.length() != 32 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return null;
        }
        return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
    }

    /** Sentry wraps some lists as {"values": [...]}; both forms are accepted. */
    private JsonNode values(JsonNode parent, String name, String path) throws InvalidPayloadException {
        JsonNode node = parent.get(name);
        if (absent(node)) {
            return null;
        }
        if (node.isObject() && node.has("values")) {
            node = node.get("values");
        }
        return node.isArray() ? node : wrong(path, "must be an array (or an object with an array \"values\")");
    }

    Level level(JsonNode parent, String name, String path) throws InvalidPayloadException {
        String value = string(parent, name, path);
        if (value == null) {
            return null;
        }
        Level level = Level.parse(value).orElse(null);
        return level != null ? level : wrong(path, "must be one of fatal, error, warning, info, debug");
    }

    /** RFC 3339 text, or a number of seconds since the epoch (fractions allowed), as Sentry sends them. */
    Instant secondsOrRfc3339(JsonNode parent, String name, String path) throws InvalidPayloadException {
        JsonNode node = parent.get(name);
        if (absent(node)) {
            return null;
        }
        if (node.isNumber()) {
            // Checked first: 1e999 or seconds past Instant's range made the conversion throw, a server error
            double approximately = node.doubleValue();
            if (!Double.isFinite(approximately) || Math.abs(approximately) >= Instant.MAX.getEpochSecond()) {
                return wrong(path, "must be an RFC 3339 date-time or seconds since the epoch");
            }
            BigDecimal seconds = node.decimalValue();
            return Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        Instant parsed = node.isString() ? isoInstant(node.stringValue()) : null;
        return parsed != null ? parsed : wrong(path, "must be an RFC 3339 date-time or seconds since the epoch");
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

    List<String> strings(JsonNode parent, String name, String path) throws InvalidPayloadException {
        JsonNode array = parent.get(name);
        if (absent(array)) {
            return List.of();
        }
        if (!array.isArray()) {
            return wrongList(path, "must be an array of strings");
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            if (item.isString()) {
                result.add(item.stringValue());
            } else if (!strict && (item.isNumber() || item.isBoolean())) {
                result.add(item.asString());
            } else {
                wrong(path + "[" + i + "]", "must be a string");
            }
        }
        return result;
    }

    private <T> List<T> wrongList(String path, String problem) throws InvalidPayloadException {
        wrong(path, problem);
        return List.of();
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
                contexts.put(entry.getKey(), plainObject(entry.getValue()));
            } else if (!absent(entry.getValue())) {
                wrong(path + "." + entry.getKey(), "must be an object");
            }
        }
        return contexts;
    }

    /** JSON as plain maps, lists and scalars, without nulls, so the domain holds no parser types. */
    static Map<String, Object> plainObject(JsonNode object) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            Object value = plain(entry.getValue());
            if (value != null) {
                result.put(entry.getKey(), value);
            }
        }
        return result;
    }

    private static Object plain(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        if (node.isObject()) {
            return plainObject(node);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            for (JsonNode item : node) {
                Object value = plain(item);
                if (value != null) {
                    list.add(value);
                }
            }
            return list;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.asString();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asString();
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
        return data == null ? Map.of() : plainObject(data);
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
                queryString, stringMap(request, "headers", path + ".headers"));
    }

    SdkInfo sdk(JsonNode parent, String name, String path) throws InvalidPayloadException {
        JsonNode sdk = object(parent, name, path);
        if (sdk == null) {
            return null;
        }
        return new SdkInfo(string(sdk, "name", path + ".name"), string(sdk, "version", path + ".version"));
    }
}
