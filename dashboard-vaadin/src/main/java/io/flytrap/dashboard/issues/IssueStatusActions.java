package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.shared.Registration;
import io.flytrap.core.access.Caller;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.issues.IssueStatusService;
import io.flytrap.core.issues.IssueSummary;

import java.time.Duration;

/** Resolve, ignore, reopen or delete one issue; after a change the page redraws (StatusChanged). */
class IssueStatusActions extends Composite<HorizontalLayout> {

    private final IssueStatusService statuses;
    private final IssueQueries issues;
    private final Caller caller;
    private final IssueSummary issue;

    IssueStatusActions(IssueStatusService statuses, IssueQueries issues, Caller caller, IssueSummary issue) {
        this.statuses = statuses;
        this.issues = issues;
        this.caller = caller;
        this.issue = issue;
        HorizontalLayout actions = getContent();
        if (!"unresolved".equals(issue.status())) {
            actions.add(action("Reopen", "reopen", () -> statuses.reopen(caller, issue.id())));
        }
        if (!"resolved".equals(issue.status())) {
            actions.add(action("Resolve", "resolve", () -> statuses.resolve(caller, issue.id(), null)));
            Button inRelease = new Button("Resolve in release…", click -> openResolveInRelease());
            inRelease.setId("resolve-in-release");
            inRelease.addThemeVariants(ButtonVariant.SMALL);
            actions.add(inRelease);
        }
        if (!"ignored".equals(issue.status())) {
            actions.add(action("Ignore", "ignore", () -> statuses.ignore(caller, issue.id(), null, null)));
            actions.add(action("Ignore 24 h", "ignore-day", () -> statuses.ignore(caller, issue.id(), Duration.ofDays(1), null)));
            actions.add(action("Ignore next 100 events", "ignore-100", () -> statuses.ignore(caller, issue.id(), null, 100L)));
        }
        Button delete = new Button("Delete", click -> confirmDelete());
        delete.setId("delete-issue");
        delete.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.LUMO_ERROR);
        actions.add(delete);
        actions.setWrap(true);
    }

    Registration addStatusChangedListener(ComponentEventListener<StatusChanged> listener) {
        return addListener(StatusChanged.class, listener);
    }

    private Button action(String caption, String id, Runnable change) {
        Button button = new Button(caption, click -> {
            change.run();
            fireEvent(new StatusChanged(this));
        });
        button.setId(id);
        button.addThemeVariants(ButtonVariant.SMALL);
        return button;
    }

    private void openResolveInRelease() {
        ResolveInReleaseDialog dialog = new ResolveInReleaseDialog(issues.releases(caller, issue.projectId()),
                statuses.currentRelease(caller, issue.projectId()).orElse(null));
        dialog.addResolveListener(chosen -> {
            try {
                if (chosen.nextRelease()) {
                    statuses.resolveInNextRelease(caller, issue.id());
                } else {
                    statuses.resolve(caller, issue.id(), chosen.release());
                }
                dialog.close();
                fireEvent(new StatusChanged(this));
            } catch (IllegalArgumentException invalid) {
                dialog.showProblem(invalid.getMessage());
            }
        });
        dialog.open();
    }

    private void confirmDelete() {
        ConfirmDialog dialog = new ConfirmDialog("Delete this issue?",
                "Its " + issue.eventCount() + " events are deleted too. If it happens again, it comes back as a new issue.",
                "Delete", confirmed -> {
                    statuses.delete(caller, issue.id());
                    IssueListView.open(issue.projectId());
                });
        dialog.setId("confirm-delete");
        dialog.setCancelable(true);
        dialog.setConfirmButtonTheme("error primary");
        dialog.open();
    }

    /** The issue's status changed (or it moved to a release): what the page shows is out of date. */
    static class StatusChanged extends ComponentEvent<IssueStatusActions> {
        StatusChanged(IssueStatusActions source) {
            super(source, false);
        }
    }
}
