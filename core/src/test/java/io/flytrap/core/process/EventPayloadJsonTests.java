package io.flytrap.core.process;

import io.flytrap.core.event.Breadcrumb;
import io.flytrap.core.event.ClientInfo;
import io.flytrap.core.event.Event;
import io.flytrap.core.event.ExceptionInfo;
import io.flytrap.core.event.Level;
import io.flytrap.core.event.RequestInfo;
import io.flytrap.core.event.StackFrame;
import io.flytrap.core.event.UserInfo;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class EventPayloadJsonTests {

    private final JsonMapper json = JsonMapper.builder().build();
    private final EventPayloadJson payloadJson = new EventPayloadJson(json);

    /** A browser error as the native parser makes it: most optional members unset, most lists and maps empty. */
    private static Event sparseEvent() {
        StackFrame frame = new StackFrame("https://shop.example/app.js", "render", null, 10, 5, true, List.of(), null);
        ExceptionInfo exception = new ExceptionInfo("TypeError", "x is undefined", null, List.of(frame), null,
                "TypeError: x is undefined\n    at render (https://shop.example/app.js:10:5)");
        return new Event(UUID.randomUUID(), 7, Instant.parse("2026-11-26T10:00:00Z"), Instant.parse("2026-11-26T10:00:01.5Z"),
                Level.ERROR, false, "javascript", List.of(exception), null, "web@1.0.0", "production", null,
                new RequestInfo("GET", "/cart"), new ClientInfo("198.51.100.7", null, "Chrome 140", null),
                new UserInfo("user-1", null, null, null), Map.of("plan", "", "locale", "en-GB"), Map.of(),
                List.of(new Breadcrumb(Instant.parse("2026-11-26T09:59:59Z"), null, "ui.click", "", null, Map.of())),
                List.of(), null, List.of(), Map.of());
    }

    @Test
    void shouldLeaveOutNullMembersAndEmptyListsAndMaps() {
        JsonNode stored = json.readTree(payloadJson.of(sparseEvent()));

        List<String> unset = new ArrayList<>();
        collectUnset(stored, "$", unset);
        assertThat(unset).as("null members, empty lists and empty maps in the stored event").isEmpty();
        assertThat(stored.has("message")).isFalse();
        assertThat(stored.has("contexts")).isFalse();
        assertThat(stored.path("exceptions").path(0).path("frames").path(0).has("context")).isFalse();
    }

    @Test
    void shouldReadBackAsTheSameEvent() {
        Event event = sparseEvent();

        assertThat(json.readValue(payloadJson.of(event), Event.class)).isEqualTo(event);
    }

    @Test
    void shouldKeepEmptyStringsFalseAndZeroWhichAreValuesNotAbsence() {
        JsonNode stored = json.readTree(payloadJson.of(sparseEvent()));

        assertThat(stored.path("tags").path("plan").isString()).isTrue();
        assertThat(stored.path("tags").path("plan").stringValue()).isEmpty();
        assertThat(stored.path("breadcrumbs").path(0).path("message").stringValue()).isEmpty();
        assertThat(stored.path("handled").isBoolean()).isTrue();
        assertThat(stored.path("handled").booleanValue()).isFalse();
    }

    @Test
    void shouldReadEventsStoredBeforeTheLeanFormTheSameWay() {
        Event event = sparseEvent();
        String storedBefore = json.writeValueAsString(event); // every member written, nulls and empties included
        assertThat(storedBefore).contains("\"message\":null").contains("\"contexts\":{}");

        assertThat(json.readValue(storedBefore, Event.class)).isEqualTo(json.readValue(payloadJson.of(event), Event.class));
    }

    @Test
    void shouldReplaceARealNulEscapeButNotTheTextOfOne() {
        Event event = sparseEvent();
        Event withNul = new Event(event.eventId(), event.projectId(), event.occurredAt(), event.receivedAt(), event.level(),
                event.handled(), event.platform(), event.exceptions(), "a\u0000b \\u0000", event.release(), event.environment(),
                event.serverName(), event.request(), event.client(), event.user(), event.tags(), event.contexts(),
                event.breadcrumbs(), event.fingerprint(), event.sdk(), event.filtered(), event.debugIds());

        Event readBack = json.readValue(payloadJson.of(withNul), Event.class);

        assertThat(readBack.message()).isEqualTo("a\ufffdb \\u0000");
    }

    private static void collectUnset(JsonNode node, String path, List<String> into) {
        if (node.isNull() || (node.isContainer() && node.isEmpty())) {
            into.add(path);
        }
        node.properties().forEach(member -> collectUnset(member.getValue(), path + "." + member.getKey(), into));
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            collectUnset(node.get(i), path + "[" + i + "]", into);
        }
    }
}
