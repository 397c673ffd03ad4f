package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.shared.Registration;
import io.flytrap.core.access.Caller;
import io.flytrap.core.issues.IssueMergeService;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueStatusService;
import io.flytrap.core.issues.IssueSummary;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * How many issues match, and resolve / ignore / delete for the selected ones, each after a confirmation, and
 * assign them (BulkAssignDialog).
 * Fires BulkActionDone once the selected issues were changed, so the list can refresh.
 * <p>
 * The checkbox selects the rows shown; then "Select all N matching this query" makes the actions apply to the
 * query instead (IssueStatusService.*Matching: evaluated on the server when confirmed, at most
 * {@link IssueStatusService#MAX_MATCHING}). Any change of the selection leaves that mode.
 */
class BulkActionsBar extends Composite<HorizontalLayout> {

    private final Caller caller;
    private final Span total = new Span();
    private final Button resolveSelected = new Button("Resolve", VaadinIcon.CHECK.create());
    private final Button ignoreSelected = new Button("Ignore", VaadinIcon.EYE_SLASH.create());
    private final Button deleteSelected = new Button("Delete", VaadinIcon.TRASH.create());
    private final Button assignSelected = new Button("Assign to…", VaadinIcon.USER.create());
    private final Button mergeSelected = new Button("Merge", VaadinIcon.COMPRESS_SQUARE.create());
    private final Checkbox selectPage = new Checkbox();
    private final Span selectedCount = new Span();
    private final Button selectAllMatching = new Button();
    private final IssueStatusService statuses;
    private Set<IssueSummary> selected = Set.of();
    private Consumer<Boolean> pageSelection = selectAll -> { };
    /** The actions apply to every issue matching the query, not to the selected rows. */
    private boolean allMatching;
    private long matching;
    private long projectId;
    private IssueFilter filter = IssueFilter.unresolved();

    BulkActionsBar(IssueStatusService statuses, IssueMergeService merges, Caller caller, IssueCollaboration collaboration) {
        this.caller = caller;
        this.statuses = statuses;
        selectPage.setId("select-page");
        selectPage.setAriaLabel("Select the issues shown");
        selectPage.addValueChangeListener(change -> {
            if (change.isFromClient()) {
                pageSelection.accept(change.getValue());
            }
        });
        selectedCount.setId("selected-count");
        selectedCount.addClassName("selected-count");
        selectAllMatching.setId("select-all-matching");
        selectAllMatching.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_SMALL);
        selectAllMatching.addClickListener(click -> {
            allMatching = true;
            showSelection();
        });
        total.setId("issue-total");
        total.addClassName("issue-total");
        resolveSelected.setId("resolve-selected");
        ignoreSelected.setId("ignore-selected");
        deleteSelected.setId("delete-selected");
        deleteSelected.addThemeVariants(ButtonVariant.LUMO_ERROR);
        assignSelected.setId("assign-selected");
        mergeSelected.setId("merge-selected");
        // Assign is not on a phone (flytrap.css): a further button would push the list down; the issue page assigns there
        for (Button button : List.of(resolveSelected, ignoreSelected, deleteSelected, assignSelected, mergeSelected)) {
            button.setEnabled(false);
            button.addThemeVariants(ButtonVariant.LUMO_SMALL); // three beside the count fit a phone's width
        }
        resolveSelected.addClickListener(e -> confirm("Resolve", "They reopen as regressions if they happen again.",
                false, statuses::resolveAll));
        ignoreSelected.addClickListener(e -> confirm("Ignore", "They stay out of the unresolved list until you reopen them.",
                false, statuses::ignoreAll));
        deleteSelected.addClickListener(e -> confirm("Delete", "Their events are deleted too. This cannot be undone.",
                true, statuses::deleteAll));
        // a list shows one project's issues: the selection's project is whose members may be chosen
        assignSelected.addClickListener(e -> collaboration.openBulkAssign(caller, selected.iterator().next().projectId(),
                selected.stream().map(IssueSummary::id).toList(), () -> fireEvent(new BulkActionDone(this))));
        mergeSelected.addClickListener(e -> {
            MergeIssuesDialog dialog = new MergeIssuesDialog(selected);
            dialog.addMergeChosenListener(chosen -> merge(merges, chosen));
            dialog.open();
        });
        HorizontalLayout bar = getContent();
        bar.add(selectPage, total, selectedCount, selectAllMatching, resolveSelected, ignoreSelected, assignSelected, deleteSelected,
                mergeSelected);
        showSelection();
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        bar.addClassName("bulk-actions");
        bar.setWrap(true); // on the narrowest phones Delete goes to a second line rather than off the screen
        bar.getThemeList().add("spacing-s");
    }

    Registration addBulkActionDoneListener(ComponentEventListener<BulkActionDone> listener) {
        return addListener(BulkActionDone.class, listener);
    }

    /** What the select-all checkbox does to the grid: true selects the rows shown, false clears the selection. */
    void onPageSelection(Consumer<Boolean> selectAll) {
        this.pageSelection = selectAll;
    }

    void setTotal(long matching) {
        this.matching = matching;
        total.setText(matching + (matching == 1 ? " issue" : " issues"));
        showSelection();
    }

    /** The query the list shows: what "all matching" means when an action is confirmed. */
    void setQuery(long projectId, IssueFilter filter) {
        this.projectId = projectId;
        this.filter = filter;
    }

    void setSelection(Set<IssueSummary> issues) {
        selected = Set.copyOf(issues);
        allMatching = false;
        showSelection();
    }

    /** r / i on the keyboard with issues selected: the same as the buttons, confirmation included. */
    void resolveSelection() {
        resolveSelected.click();
    }

    void ignoreSelection() {
        ignoreSelected.click();
    }

    boolean hasSelection() {
        return !selected.isEmpty();
    }

    private void showSelection() {
        boolean any = !selected.isEmpty();
        resolveSelected.setEnabled(any);
        ignoreSelected.setEnabled(any);
        deleteSelected.setEnabled(any);
        assignSelected.setEnabled(any);
        mergeSelected.setEnabled(selected.size() >= 2); // merging takes two issues at least
        selectPage.setValue(any);
        selectPage.setIndeterminate(any && !allMatching && selected.size() < matching);
        selectedCount.setVisible(any);
        selectedCount.setText(allMatching ? "All " + matching + " matching selected" : selected.size() + " selected");
        // offered once every row shown is selected and the query has more than that
        selectAllMatching.setVisible(any && !allMatching && selected.size() < matching);
        selectAllMatching.setText("Select all " + matching + " matching this query");
    }

    /** @param action changes the chosen issues in one go (one audit entry) and says how many it changed */
    private void confirm(String verb, String consequence, boolean destructive,
                         BiFunction<Caller, Collection<Long>, Integer> action) {
        Set<IssueSummary> chosen = selected;
        boolean query = allMatching;
        long projectOfQuery = projectId;
        IssueFilter filterOfQuery = filter;
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setId("confirm-bulk");
        if (query) {
            long taken = Math.min(matching, IssueStatusService.MAX_MATCHING);
            dialog.setHeader(verb + (taken < matching ? " the first " + taken + " of " + matching : " all " + matching)
                    + " issues matching this query?");
            dialog.setText(consequence + (taken < matching
                    ? " At most " + IssueStatusService.MAX_MATCHING + " at a time: repeat for the rest." : ""));
        } else {
            dialog.setHeader(verb + " " + chosen.size() + (chosen.size() == 1 ? " issue?" : " issues?"));
            dialog.setText(consequence);
        }
        dialog.setCancelable(true);
        dialog.setConfirmText(verb);
        if (destructive) {
            dialog.setConfirmButtonTheme("error primary");
        }
        dialog.addConfirmListener(confirmed -> {
            // issues deleted meanwhile (by someone else, or with the project) are skipped by the service
            int done = query ? matchingAction(verb).apply(projectOfQuery, filterOfQuery)
                    : action.apply(caller, chosen.stream().map(IssueSummary::id).toList());
            fireEvent(new BulkActionDone(this));
            Notification.show(pastTense(verb) + " " + done + (done == 1 ? " issue" : " issues"), 3000,
                    Notification.Position.BOTTOM_START);
        });
        dialog.open();
    }

    private void merge(IssueMergeService merges, MergeIssuesDialog.MergeChosen chosen) {
        try {
            merges.merge(caller, chosen.issueIds, chosen.into);
            Notification.show("Merged " + chosen.issueIds.size() + " issues", 3000, Notification.Position.BOTTOM_START);
        } catch (IllegalArgumentException refused) {
            // e.g. one of them was merged elsewhere meanwhile: say so in words, nothing changed
            Notification.show(refused.getMessage(), 5000, Notification.Position.MIDDLE);
        }
        fireEvent(new BulkActionDone(this));
    }

    /** The same action on the query: the issues matching it when confirmed (they may differ from the count shown). */
    private BiFunction<Long, IssueFilter, Integer> matchingAction(String verb) {
        return switch (verb) {
            case "Resolve" -> (project, query) -> statuses.resolveMatching(caller, project, query);
            case "Ignore" -> (project, query) -> statuses.ignoreMatching(caller, project, query);
            default -> (project, query) -> statuses.deleteMatching(caller, project, query);
        };
    }

    private static String pastTense(String verb) {
        return verb.endsWith("e") ? verb + "d" : verb + "ed";
    }

    /** The selected issues were resolved, ignored or deleted: the list and its counts are out of date. */
    static class BulkActionDone extends ComponentEvent<BulkActionsBar> {
        BulkActionDone(BulkActionsBar source) {
            super(source, false);
        }
    }
}
