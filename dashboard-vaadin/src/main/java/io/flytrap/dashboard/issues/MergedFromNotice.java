package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import io.flytrap.core.access.Caller;
import io.flytrap.core.issues.IssueMergeService;
import io.flytrap.core.issues.IssueSummary;

import java.util.List;

/**
 * On a primary issue's page: "Merged from N issues", their titles (as text), and Undo, which gives each back its
 * own events and counts. Shows nothing for an issue nothing was merged into.
 */
class MergedFromNotice extends Div {

    MergedFromNotice(IssueMergeService merges, Caller caller, long issueId, Runnable undone) {
        setId("merged-from");
        List<IssueSummary> merged = merges.mergedInto(caller, issueId);
        setVisible(!merged.isEmpty());
        if (merged.isEmpty()) {
            return;
        }
        Span text = new Span("Merged from " + merged.size() + (merged.size() == 1 ? " issue: " : " issues: ")
                + String.join(", ", merged.stream().map(IssueSummary::title).toList()));
        text.setId("merged-from-text");
        text.getStyle().set("overflow-wrap", "anywhere");
        Button undo = new Button("Undo merge", VaadinIcon.ARROW_BACKWARD.create(), click -> {
            merges.unmerge(caller, issueId);
            Notification.show("Unmerged " + merged.size() + (merged.size() == 1 ? " issue" : " issues"), 3000,
                    Notification.Position.BOTTOM_START);
            undone.run();
        });
        undo.setId("unmerge");
        undo.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        add(text, undo);
        getStyle().set("display", "flex").set("flex-wrap", "wrap").set("align-items", "center").set("gap", "var(--lumo-space-s)");
    }
}
