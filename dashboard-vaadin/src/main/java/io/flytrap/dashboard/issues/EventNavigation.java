package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.shared.Registration;
import io.flytrap.core.issues.EventQueries;

import java.util.UUID;

/** Newest / newer / older, and where the shown event stands among all of the issue's events. */
class EventNavigation extends Composite<HorizontalLayout> {

    EventNavigation(EventQueries.EventPage page) {
        Button newest = eventButton("Newest", "newest-event", null, page.newer() != null);
        Button newer = eventButton("← Newer", "newer-event", page.newer(), page.newer() != null);
        Button older = eventButton("Older →", "older-event", page.older(), page.older() != null);
        Span position = new Span("Event " + (page.newerCount() + 1) + " of " + page.total() + " (newest first)");
        position.setId("event-position");
        position.getStyle().set("color", "var(--lumo-secondary-text-color)");
        HorizontalLayout navigation = getContent();
        navigation.add(newest, newer, older, position);
        navigation.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
    }

    Registration addEventChosenListener(ComponentEventListener<EventChosen> listener) {
        return addListener(EventChosen.class, listener);
    }

    private Button eventButton(String caption, String id, UUID target, boolean enabled) {
        Button button = new Button(caption, click -> fireEvent(new EventChosen(this, target)));
        button.setId(id);
        button.setEnabled(enabled);
        button.addThemeVariants(ButtonVariant.SMALL);
        return button;
    }

    /** Another of the issue's events was asked for; a null id means the newest. */
    static class EventChosen extends ComponentEvent<EventNavigation> {
        private final UUID eventId;

        EventChosen(EventNavigation source, UUID eventId) {
            super(source, false);
            this.eventId = eventId;
        }

        UUID eventId() {
            return eventId;
        }
    }
}
