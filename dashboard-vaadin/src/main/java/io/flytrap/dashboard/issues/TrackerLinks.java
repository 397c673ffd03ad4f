package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AnchorTarget;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.shared.Registration;
import io.flytrap.core.access.Caller;
import io.flytrap.core.issues.IssueLinkService;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.core.projects.TrackerTemplate;

import java.util.Optional;

/**
 * The issue and an external tracker: "Create in tracker" opens the project's template filled in for this issue,
 * and "Link existing" stores the address of the tracker's issue, shown as a link. Both open in a new tab without
 * giving the other site a handle on this one (rel=noopener).
 */
class TrackerLinks extends Composite<HorizontalLayout> {

    TrackerLinks(IssueLinkService links, Caller caller, IssueSummary issue, Optional<TrackerTemplate> template,
                 TrackerTemplate.Values values) {
        HorizontalLayout row = getContent();
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        row.setWrap(true);
        template.ifPresent(t -> row.add(external(t.expand(values), "Create in tracker", "create-in-tracker")));
        if (issue.externalUrl() != null) {
            Anchor linked = external(issue.externalUrl(), issue.externalUrl(), "tracker-link");
            linked.getStyle().set("overflow-wrap", "anywhere");
            Button unlink = new Button("Remove link", click -> {
                links.link(caller, issue.id(), null);
                fireEvent(new Linked(this));
            });
            unlink.setId("tracker-unlink");
            unlink.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.LUMO_TERTIARY);
            row.add(linked, unlink);
        }
        TextField address = new TextField();
        address.setId("tracker-link-field");
        address.setPlaceholder("https://… an issue in your tracker");
        address.setAriaLabel("Link existing tracker issue");
        Button link = new Button(issue.externalUrl() == null ? "Link existing" : "Change link", click -> {
            try {
                links.link(caller, issue.id(), address.getValue());
                fireEvent(new Linked(this));
            } catch (IllegalArgumentException refused) {
                address.setErrorMessage(refused.getMessage());
                address.setInvalid(true);
            }
        });
        link.setId("tracker-link-save");
        link.addThemeVariants(ButtonVariant.SMALL);
        row.add(address, link);
    }

    Registration addLinkedListener(ComponentEventListener<Linked> listener) {
        return addListener(Linked.class, listener);
    }

    private static Anchor external(String href, String text, String id) {
        Anchor anchor = new Anchor(href, text);
        anchor.setTarget(AnchorTarget.BLANK);
        anchor.getElement().setAttribute("rel", "noopener noreferrer");
        anchor.setId(id);
        return anchor;
    }

    /** The link changed: the page redraws. */
    static class Linked extends ComponentEvent<TrackerLinks> {
        Linked(TrackerLinks source) {
            super(source, false);
        }
    }
}
