package io.flytrap.core.process;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.flytrap.core.event.Event;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The event as stored in {@code events.payload} (jsonb) and shown as the event's raw JSON.
 * <p>
 * Lean: members that are null, and lists and maps that are empty, are left out. Reading it back gives the same
 * {@link Event} (its records turn a missing list or map into an empty one), and SQL over the payload already reads a
 * missing member as null. A typical browser error shrinks by about a fifth, and every stored byte costs the drain
 * CPU and the disk space for as long as the event is kept (issue #24: the events' COPY is the drain's largest
 * cost). Strings and values inside the sender's own maps (tags, contexts) are kept as they are, empty or null.
 * <p>
 * jsonb refuses the NUL character that JSON itself allows. The parsers already replace it in what clients send;
 * this is the last guard for text from elsewhere. Only a real escape is replaced, not the text backslash-u-0000
 * (written {@code \\u0000} in JSON), which the plain string replacement used here before cut in half, leaving
 * invalid JSON that failed the event on every attempt. Written while the batch is prepared, before its
 * transaction takes the issue locks (issue #24).
 */
final class EventPayloadJson {

    /** {@code \u0000} preceded by an even number of backslashes (none, or escaped ones): a NUL, not text. */
    private static final Pattern ESCAPED_NUL = Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*)\\\\u0000");

    private final JsonMapper lean;

    /** @param json the application's mapper, whose settings (dates, modules) the stored form keeps */
    EventPayloadJson(JsonMapper json) {
        JsonInclude.Value nonEmpty = JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.USE_DEFAULTS);
        this.lean = json.rebuild()
                .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
                .withConfigOverride(List.class, override -> override.setInclude(nonEmpty))
                .withConfigOverride(Map.class, override -> override.setInclude(nonEmpty))
                .build();
    }

    String of(Event event) {
        String text = lean.writeValueAsString(event);
        return text.contains("\\u0000") ? ESCAPED_NUL.matcher(text).replaceAll("$1\\\\ufffd") : text;
    }
}
