package io.flytrap.core.protocol;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON reader for untrusted payloads: nesting and sizes bounded, so hostile JSON cannot exhaust us. */
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
        return root;
    }

    /** Lenient read for optional, nested JSON strings (the original SDKs' code contexts). */
    static JsonNode readOrNull(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JacksonException notJson) {
            return null;
        }
    }
}
