package io.flytrap.core.process;

import io.flytrap.core.event.Event;
import tools.jackson.databind.json.JsonMapper;

import java.util.regex.Pattern;

/**
 * The event as JSON for jsonb, which refuses the NUL character that JSON itself allows. The parsers already
 * replace it in what clients send; this is the last guard for text from elsewhere. Only a real escape is
 * replaced, not the text backslash-u-0000 (written {@code \\u0000} in JSON), which the plain string
 * replacement used here before cut in half, leaving invalid JSON that failed the event on every attempt.
 * Written while the batch is prepared, before its transaction takes the issue locks (issue #24).
 */
final class EventPayloadJson {

    /** {@code \u0000} preceded by an even number of backslashes (none, or escaped ones): a NUL, not text. */
    private static final Pattern ESCAPED_NUL = Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*)\\\\u0000");

    private EventPayloadJson() {
    }

    static String of(JsonMapper json, Event event) {
        String text = json.writeValueAsString(event);
        return text.contains("\\u0000") ? ESCAPED_NUL.matcher(text).replaceAll("$1\\\\ufffd") : text;
    }
}
