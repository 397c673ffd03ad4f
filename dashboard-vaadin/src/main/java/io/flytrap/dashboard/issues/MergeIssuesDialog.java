package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.radiobutton.RadioGroupVariant;
import io.flytrap.core.issues.IssueSummary;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import com.vaadin.flow.shared.Registration;

/**
 * Asks which of the selected issues the others become part of (the one with the most events first) and fires
 * MergeChosen; its owner merges. Titles come from event data and are set as text.
 */
class MergeIssuesDialog extends Dialog {

    MergeIssuesDialog(Collection<IssueSummary> selected) {
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
            fireEvent(new MergeChosen(this, chosen.stream().map(IssueSummary::id).toList(), into.id()));
            close();
        });
        merge.setId("merge-confirm");
        merge.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(cancel, merge);
        setWidth("min(36rem, 95vw)");
    }

    Registration addMergeChosenListener(ComponentEventListener<MergeChosen> listener) {
        return addListener(MergeChosen.class, listener);
    }

    /** Merge these issues into that one. */
    static class MergeChosen extends ComponentEvent<MergeIssuesDialog> {
        final List<Long> issueIds;
        final long into;

        MergeChosen(MergeIssuesDialog source, List<Long> issueIds, long into) {
            super(source, false);
            this.issueIds = List.copyOf(issueIds);
            this.into = into;
        }
    }
}
