package io.flytrap.core.protocol;

import io.flytrap.core.event.Level;
import tools.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Typed access to the fields of a JSON payload, by path for the error message. Strict for the native protocol,
 * where a wrong type is the SDK author's bug and gets a 400 naming the field; lenient for the Sentry protocol,
 * where, as in Sentry itself, a malformed optional field is dropped and the rest of the event kept.
 */
class FieldReader {

    private final boolean strict;

    FieldReader(boolean strict) {
        this.strict = strict;
    }

    final <T> T wrong(String path, String problem) throws InvalidPayloadException {
        if (strict) {
            throw new InvalidPayloadException(path, problem);
        }
        return null;
    }

    static boolean absent(JsonNode node) {
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
        Instant parsed = node.isString() ? WireTimes.isoInstant(node.stringValue()) : null;
        return parsed != null ? parsed : wrong(path, "must be an ISO-8601 date-time or epoch milliseconds");
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
    final JsonNode values(JsonNode parent, String name, String path) throws InvalidPayloadException {
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
        Instant parsed = node.isString() ? WireTimes.isoInstant(node.stringValue()) : null;
        return parsed != null ? parsed : wrong(path, "must be an RFC 3339 date-time or seconds since the epoch");
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

    final <T> List<T> wrongList(String path, String problem) throws InvalidPayloadException {
        wrong(path, problem);
        return List.of();
    }
}
