package io.flytrap.core.protocol;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

/** Typed reads of optional JSON fields, failing with the field's full path when the type is wrong. */
final class JsonFields {

    private JsonFields() {
    }

    static JsonNode object(JsonNode parent, String name, String path, boolean required) throws InvalidPayloadException {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                throw new InvalidPayloadException(path, "is required");
            }
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidPayloadException(path, "must be an object");
        }
        return node;
    }

    static String string(JsonNode parent, String name, String path) throws InvalidPayloadException {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw new InvalidPayloadException(path, "must be a string");
        }
        return node.stringValue();
    }

    static Optional<Boolean> bool(JsonNode parent, String name, String path) throws InvalidPayloadException {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            throw new InvalidPayloadException(path, "must be true or false");
        }
        return Optional.of(node.booleanValue());
    }

    static Integer integer(JsonNode parent, String name, String path) throws InvalidPayloadException {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isInt()) {
            throw new InvalidPayloadException(path, "must be an integer");
        }
        return node.intValue();
    }

    /** ISO-8601 with offset (what JavaScript's toISOString and Python's isoformat give) or epoch milliseconds. */
    static Instant timestamp(JsonNode parent, String name, String path) throws InvalidPayloadException {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return Instant.ofEpochMilli(node.longValue());
        }
        if (node.isString()) {
            String text = node.stringValue();
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    // Python's datetime.utcnow().isoformat() has no offset; it is UTC by convention
                    return java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
                } catch (DateTimeParseException alsoNotLocal) {
                    throw new InvalidPayloadException(path, "must be an ISO-8601 date-time or epoch milliseconds");
                }
            }
        }
        throw new InvalidPayloadException(path, "must be an ISO-8601 date-time or epoch milliseconds");
    }

    static UUID uuid(JsonNode parent, String name, String path) throws InvalidPayloadException {
        String text = string(parent, name, path);
        if (text == null) {
            return null;
        }
        String hex = text.replace("-", "");
        if (hex.length() != 32 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new InvalidPayloadException(path, "must be a UUID (32 hex digits, dashes optional)");
        }
        return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
    }
}
