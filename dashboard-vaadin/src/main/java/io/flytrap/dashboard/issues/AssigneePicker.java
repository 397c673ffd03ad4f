package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.shared.Registration;
import io.flytrap.core.access.Caller;
import io.flytrap.core.issues.IssueAssignmentService;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.core.projects.ProjectMember;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Who the issue is assigned to: a choice of the project's members (clearing it unassigns) and "Assign to me".
 * The core service decides who may be chosen; a refusal is shown and changes nothing.
 */
class AssigneePicker extends Composite<HorizontalLayout> {

    private final IssueAssignmentService assignments;
    private final Caller caller;
    private final IssueSummary issue;

    AssigneePicker(IssueAssignmentService assignments, Caller caller, IssueSummary issue, Supplier<List<ProjectMember>> members) {
        this.assignments = assignments;
        this.caller = caller;
        this.issue = issue;
        ComboBox<ProjectMember> assignee = new ComboBox<>("Assignee");
        assignee.setId("issue-assignee");
        assignee.setPlaceholder("Unassigned");
        assignee.setClearButtonVisible(true);
        assignee.setItemLabelGenerator(AssigneePicker::label);
        List<ProjectMember> choices = members.get();
        assignee.setItems(choices);
        choices.stream().filter(m -> Objects.equals(m.userId(), issue.assigneeUserId())).findFirst().ifPresent(assignee::setValue);
        assignee.addValueChangeListener(change -> {
            if (change.isFromClient()) {
                change(() -> assignments.assign(caller, issue.id(), change.getValue() == null ? null : change.getValue().email()));
            }
        });
        Button toMe = new Button("Assign to me", click -> change(() -> assignments.assignToMe(caller, issue.id())));
        toMe.setId("assign-to-me");
        toMe.addThemeVariants(ButtonVariant.SMALL);
        toMe.setVisible(!Objects.equals(issue.assigneeUserId(), caller.userId()));
        getContent().add(assignee, toMe);
        getContent().setAlignItems(FlexComponent.Alignment.BASELINE);
        getContent().setWrap(true);
    }

    Registration addAssignedListener(ComponentEventListener<Assigned> listener) {
        return addListener(Assigned.class, listener);
    }

    private void change(Runnable assignment) {
        try {
            assignment.run();
        } catch (IllegalArgumentException refused) {
            Notification.show(refused.getMessage(), 5000, Notification.Position.BOTTOM_START);
        }
        fireEvent(new Assigned(this)); // redrawn either way: a refused choice must not stay shown
    }

    /** The name when there is one, else the e-mail address: member data shown as text. */
    static String label(ProjectMember member) {
        return member.displayName() == null || member.displayName().isBlank() ? member.email()
                : member.displayName() + " (" + member.email() + ")";
    }

    /** The assignee changed (or a change was refused): the page redraws. */
    static class Assigned extends ComponentEvent<AssigneePicker> {
        Assigned(AssigneePicker source) {
            super(source, false);
        }
    }
}
