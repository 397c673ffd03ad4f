package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.radiobutton.RadioGroupVariant;
import io.flytrap.core.access.Caller;
import io.flytrap.core.issues.IssueMergeService;
import io.flytrap.core.issues.IssueSummary;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Asks which of the selected issues the others become part of (the one with the most events first), then merges.
 * Titles come from event data and are set as text.
 */
class MergeIssuesDialog extends Dialog {

    MergeIssuesDialog(IssueMergeService merges, Caller caller, Collection<IssueSummary> selected, Runnable merged) {
        List<IssueSummary> chosen = selected.stream()
                .sorted(Comparator.comparingLong(IssueSummary::eventCount).reversed().thenComparing(IssueSummary::id)).toList();
        setId("merge-dialog");
        setHeaderTitle("Merge " + chosen.size() + " issues?");
        RadioButtonGroup<IssueSummary> primary = new RadioButtonGroup<>("Keep as the primary issue");
        primary.setId("merge-primary");
        primary.addThemeVariants(RadioGroupVariant.LUMO_VERTICAL);
        primary.setItems(chosen);
        primary.setItemLabelGenerator(issue -> issue.title() + " (" + issue.eventCount() + " events)");
        primary.setValue(chosen.getFirst());
        primary.setWidthFull();
        add(new Paragraph("The others become part of it: their events and future events count there. "
                + "You can undo this on the primary issue's page."), primary);
        Button cancel = new Button("Cancel", click -> close());
        Button merge = new Button("Merge", click -> {
            IssueSummary into = primary.getValue();
            if (into == null) {
                return;
            }
            try {
                merges.merge(caller, chosen.stream().map(IssueSummary::id).toList(), into.id());
                Notification.show("Merged " + chosen.size() + " issues", 3000, Notification.Position.BOTTOM_START);
                merged.run();
            } catch (IllegalArgumentException refused) {
                // e.g. one of them was merged elsewhere meanwhile: say so in words, change nothing
                Notification.show(refused.getMessage(), 5000, Notification.Position.MIDDLE);
            }
            close();
        });
        merge.setId("merge-confirm");
        merge.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(cancel, merge);
        setWidth("min(36rem, 95vw)");
    }
}
