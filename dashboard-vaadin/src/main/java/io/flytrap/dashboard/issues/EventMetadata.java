package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.NativeTable;
import io.flytrap.core.event.ClientInfo;
import io.flytrap.core.event.Event;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An event's details (when, release, request, client, user, SDK, tags) as label and text, long tag keys wrapping;
 * empty ones left out.
 */
class EventMetadata extends Composite<Div> {

    EventMetadata(Event event) {
        Map<String, String> shown = new LinkedHashMap<>();
        rows(event).forEach((label, value) -> {
            if (value != null && !value.isBlank()) {
                shown.put(label, value);
            }
        });
        NativeTable table = KeyValueTable.of(shown);
        table.setId("event-metadata");
        getContent().add(new H3("Details"), table);
    }

    private static Map<String, String> rows(Event event) {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("Event id", event.eventId().toString());
        rows.put("Occurred", TimeFormat.exact(event.occurredAt()));
        rows.put("Received", TimeFormat.exact(event.receivedAt()));
        rows.put("Handled", event.handled() ? "yes" : "no");
        rows.put("Level", event.level().wireName());
        rows.put("Release", event.release());
        rows.put("Environment", event.environment());
        if (event.request() != null) {
            rows.put("Request", EventText.join(event.request().method(), event.request().url()));
        }
        ClientInfo client = event.client();
        if (client != null) {
            rows.put("Operating system", client.os());
            rows.put("Browser", client.browser());
            rows.put("Runtime", client.runtime());
            rows.put("Client address", client.ip());
        }
        if (event.user() != null) {
            rows.put("User", EventText.join(EventText.join(event.user().id(), event.user().username()), event.user().email()));
        }
        rows.put("Server", event.serverName());
        if (event.sdk() != null) {
            rows.put("SDK", EventText.join(event.sdk().name(), event.sdk().version()));
        }
        event.tags().forEach((key, value) -> rows.put("Tag " + key, value));
        if (!event.filtered().isEmpty()) {
            // where the server masked secrets, never what it masked
            rows.put("Scrubbed", String.join(", ", event.filtered()));
        }
        return rows;
    }
}
