package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.flytrap.core.event.Event;

import java.util.function.Supplier;

/** Everything one event has, in the order a reader looks: stack, breadcrumbs, request, contexts, details, raw JSON. */
class EventDetails extends Composite<VerticalLayout> {

    EventDetails(long issueId, Event event, Supplier<String> storedJson) {
        VerticalLayout content = getContent();
        content.setPadding(false);
        content.setWidthFull();
        content.getStyle().set("min-width", "0");
        if (!event.exceptions().isEmpty()) {
            content.add(new StackTraces(event.exceptions()));
        }
        if (!event.breadcrumbs().isEmpty()) {
            content.add(new BreadcrumbList(event.breadcrumbs()));
        }
        if (event.request() != null) {
            content.add(new RequestDetails(event.request()));
        }
        if (!event.contexts().isEmpty()) {
            content.add(new EventContexts(event.contexts()));
        }
        content.add(new EventMetadata(event), new RawEventJson(issueId, event.eventId(), storedJson));
        content.getChildren().forEach(child -> child.getElement().getStyle().set("width", "100%").set("min-width", "0"));
    }
}
