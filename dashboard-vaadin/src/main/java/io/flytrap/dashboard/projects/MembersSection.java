package io.flytrap.dashboard.projects;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import io.flytrap.core.access.Caller;
import io.flytrap.core.access.ForbiddenException;
import io.flytrap.core.projects.ProjectMember;
import io.flytrap.core.projects.ProjectMemberService;

import java.util.List;
import java.util.Optional;

/**
 * Who belongs to a project, and whether the caller wants its alerts by e-mail. Only administrators add and
 * remove members; the service checks that again.
 */
class MembersSection extends Composite<VerticalLayout> {

    private final ProjectMemberService members;
    private final Caller caller;
    private final long projectId;
    private final Grid<ProjectMember> grid = new Grid<>();

    MembersSection(ProjectMemberService members, Caller caller, long projectId) {
        this.members = members;
        this.caller = caller;
        this.projectId = projectId;
        grid.setId("members");
        grid.addColumn(ProjectMember::email).setHeader("E-mail").setFlexGrow(3);
        grid.addColumn(member -> member.emailAlerts() ? "on" : "off").setHeader("E-mail alerts").setFlexGrow(1);
        grid.addComponentColumn(member -> caller.admin() ? removeButton(member) : new Span()).setFlexGrow(1);
        grid.setAllRowsVisible(true);

        VerticalLayout section = getContent();
        section.add(new H3("Members"), grid);
        section.setPadding(false);
        List<ProjectMember> all = refresh();
        Optional<ProjectMember> me = all.stream().filter(m -> m.userId() == caller.userId()).findFirst();
        if (me.isPresent()) {
            Checkbox alerts = new Checkbox("E-mail me this project's alerts");
            alerts.setId("own-alerts");
            alerts.setValue(me.get().emailAlerts());
            alerts.addValueChangeListener(change -> {
                members.setOwnEmailAlerts(caller, projectId, change.getValue());
                refresh();
            });
            section.add(alerts);
        }
        if (caller.admin()) {
            section.add(addMemberForm());
        }
    }

    private Button removeButton(ProjectMember member) {
        Button remove = new Button("Remove", click -> Confirmation.ask("Remove " + member.email() + "?",
                "They will no longer see this project.", "Remove", () -> {
                    members.remove(caller, projectId, member.userId());
                    refresh();
                }));
        remove.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.LUMO_ERROR);
        return remove;
    }

    private HorizontalLayout addMemberForm() {
        TextField email = new TextField();
        email.setId("member-email");
        email.setPlaceholder("colleague@example.com");
        email.setWidth("20em");
        email.setMaxWidth("100%"); // a phone is narrower than 20em and a button
        Button add = new Button("Add member", click -> {
            try {
                members.add(caller, projectId, email.getValue());
                email.clear();
                refresh();
            } catch (IllegalArgumentException | ForbiddenException refused) {
                Notification.show(refused.getMessage(), 4000, Notification.Position.BOTTOM_START);
            }
        });
        add.setId("add-member");
        HorizontalLayout form = new HorizontalLayout(email, add);
        form.setWrap(true); // on a phone the button goes under the field, not off the screen
        return form;
    }

    private List<ProjectMember> refresh() {
        List<ProjectMember> all = members.list(caller, projectId);
        grid.setItems(all);
        return all;
    }
}
