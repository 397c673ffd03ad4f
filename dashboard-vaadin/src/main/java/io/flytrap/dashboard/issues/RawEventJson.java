package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Pre;
import tools.jackson.databind.json.JsonMapper;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * The event as Flytrap stores it (normalised and already scrubbed), as indented JSON text, read only when opened,
 * and a download of the same from {@link EventDownloadController}.
 */
class RawEventJson extends Composite<Div> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    RawEventJson(long issueId, UUID eventId, Supplier<String> storedJson) {
        Anchor download = new Anchor(EventDownloadController.path(issueId, eventId), "Download JSON");
        download.setId("download-event-json");
        download.getElement().setAttribute("download", "");
        download.setRouterIgnore(true); // a file from the server, not a view for Vaadin's router
        Pre json = new Pre();
        json.setId("event-json");
        json.getStyle().set("white-space", "pre-wrap").set("overflow-wrap", "anywhere").set("max-height", "40em")
                .set("overflow", "auto");
        Details details = new Details("Event JSON", json);
        details.setId("event-json-details");
        details.addOpenedChangeListener(opened -> {
            if (opened.isOpened() && json.getText().isEmpty()) {
                json.setText(pretty(storedJson.get()));
            }
        });
        getContent().add(new H3("Raw event"), download, details);
    }

    private static String pretty(String stored) {
        return stored == null ? "" : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(stored));
    }
}
