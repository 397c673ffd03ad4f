package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import io.flytrap.core.projects.ProjectMember;

import java.util.List;
import java.util.function.Function;

/** "Assign to…" for the list's selection: one member of the project, or nobody. */
class BulkAssignDialog extends Dialog {

    /**
     * @param assign assigns the selection to the e-mail (null: unassigns) and says how many issues changed;
     *               throws IllegalArgumentException for someone who may not be assigned
     */
    BulkAssignDialog(int selected, List<ProjectMember> members, Function<String, Integer> assign, Runnable done) {
        setId("bulk-assign-dialog");
        setHeaderTitle("Assign " + selected + (selected == 1 ? " issue" : " issues"));
        ComboBox<ProjectMember> member = new ComboBox<>("Assignee");
        member.setId("bulk-assignee");
        member.setItems(members);
        member.setItemLabelGenerator(AssigneePicker::label);
        member.setWidthFull();
        Paragraph problem = new Paragraph();
        problem.addClassName("dialog-problem");
        Button save = new Button("Assign", click -> {
            if (member.getValue() == null) {
                problem.setText("Choose a member, or unassign.");
                return;
            }
            apply(assign, member.getValue().email(), problem, done);
        });
        save.setId("bulk-assign-save");
        save.addThemeVariants(ButtonVariant.PRIMARY);
        Button unassign = new Button("Unassign", click -> apply(assign, null, problem, done));
        unassign.setId("bulk-unassign");
        add(member, problem);
        getFooter().add(new Button("Cancel", click -> close()), unassign, save);
    }

    private void apply(Function<String, Integer> assign, String email, Paragraph problem, Runnable done) {
        try {
            int changed = assign.apply(email);
            close();
            done.run();
            Notification.show((email == null ? "Unassigned " : "Assigned ") + changed + (changed == 1 ? " issue" : " issues"),
                    3000, Notification.Position.BOTTOM_START);
        } catch (IllegalArgumentException refused) {
            problem.setText(refused.getMessage());
        }
    }
}
