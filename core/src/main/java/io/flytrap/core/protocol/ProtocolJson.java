package io.flytrap.core.protocol;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON reader for untrusted payloads: nesting and sizes bounded, so hostile JSON cannot exhaust us, and
 * U+0000 replaced by U+FFFD in every name and string. JSON allows the NUL character (as an escape); PostgreSQL
 * refuses it in text and jsonb, so an event carrying it was accepted and then failed in processing on every attempt
 * until it became a dead letter. Replacing it (as Sentry does with text it cannot keep) stores the event and leaves
 * the spot visible. Ingest and the processor read through here alike, so events queued before this change are
 * stored on their next attempt too.
 */
final class ProtocolJson {

    static final int MAX_NESTING_DEPTH = 64;
    static final int MAX_STRING_LENGTH = 1_000_000;

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxStringLength(MAX_STRING_LENGTH)
                            .build())
                    .build())
            .build();

    static final char NUL = (char) 0;
    static final char REPLACEMENT = '\uFFFD';
    /** How a NUL appears in JSON text: only escaped, since a raw control character is not valid JSON. */
    private static final byte[] ESCAPED_NUL = {'\\', 'u', '0', '0', '0', '0'};

    private ProtocolJson() {
    }

    /** The body as a JSON object, or a 400-worthy problem naming {@code what}. */
    static JsonNode readObject(byte[] body, String what) throws InvalidPayloadException {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JacksonException malformed) {
            throw new InvalidPayloadException(what, "is not valid JSON: " + malformed.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidPayloadException(what, "must be a JSON object");
        }
        return mayHoldNul(body) ? withoutNul(root) : root;
    }

    /**
     * Checks that the body is one JSON object as {@link #readObject} would read it, without building it, and keeps
     * only the text of one top-level field as the tree's {@code path(field).asString(null)} would give it where that
     * can matter (a string or an integer; the last one when the field repeats), else null. For ingest, which answers
     * for a lenient event the processor reads in full later: a third of envelope ingest's CPU went into building the
     * event only to read its id (issue #24). Tokenizing is the validation: the parser checks each token as it moves
     * past it, string contents included; only a string's length is checked when it is read as text, so strings are
     * read when the body is long enough to hold one over the limit. A body the check refuses is read again as a tree,
     * so that a refusal names the same problem as the processor's would.
     */
    static String checkObject(byte[] body, String what, String field) throws InvalidPayloadException {
        boolean mayHoldLongString = body.length > MAX_STRING_LENGTH;
        try (JsonParser parser = MAPPER.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return refusal(body, what);
            }
            String value = null;
            int depth = 1;
            while (depth > 0) {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    return refusal(body, what);
                }
                if (depth == 1 && token == JsonToken.PROPERTY_NAME && field.equals(parser.currentName())) {
                    JsonToken valueToken = parser.nextToken();
                    value = valueToken == JsonToken.VALUE_STRING || valueToken == JsonToken.VALUE_NUMBER_INT
                            ? parser.getString() : null;
                    token = valueToken;
                }
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                } else if (mayHoldLongString && token == JsonToken.VALUE_STRING) {
                    parser.getString(); // the length limit is checked as the text is made
                }
            }
            return parser.nextToken() == null ? value : refusal(body, what);
        } catch (JacksonException malformed) {
            return refusal(body, what);
        }
    }

    /** The tree reader's refusal of a body the check refused (it reads what the check reads, so it refuses it too). */
    private static String refusal(byte[] body, String what) throws InvalidPayloadException {
        readObject(body, what);
        throw new IllegalStateException("the tree reader read a body the check refused: " + what);
    }

    /** Lenient read for optional, nested JSON strings (the original SDKs' code contexts). */
    static JsonNode readOrNull(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null || !text.contains("\\u0000") ? node : withoutNul(node);
        } catch (JacksonException notJson) {
            return null;
        }
    }

    /** A cheap scan that lets the common case (no escaped NUL anywhere) skip the walk over the tree. */
    private static boolean mayHoldNul(byte[] body) {
        outer:
        for (int i = 0; i <= body.length - ESCAPED_NUL.length; i++) {
            for (int j = 0; j < ESCAPED_NUL.length; j++) {
                if (body[i + j] != ESCAPED_NUL[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The same tree with every NUL in names and strings replaced; depth is bounded by the read constraints. */
    private static JsonNode withoutNul(JsonNode node) {
        if (node.isString()) {
            String text = node.stringValue();
            return text.indexOf(NUL) < 0 ? node : StringNode.valueOf(text.replace(NUL, REPLACEMENT));
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, withoutNul(array.get(i)));
            }
            return array;
        }
        if (node instanceof ObjectNode object) {
            ObjectNode copy = MAPPER.createObjectNode();
            for (Map.Entry<String, JsonNode> property : object.properties()) {
                copy.set(property.getKey().replace(NUL, REPLACEMENT), withoutNul(property.getValue()));
            }
            return copy;
        }
        return node;
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

    /** Any JSON value as plain maps, lists and scalars; null for JSON null. */
    static Object plain(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
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
}
