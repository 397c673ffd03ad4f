package io.flytrap.dashboard.users;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.shared.Registration;
import io.flytrap.core.projects.Project;

import java.util.List;
import java.util.Set;

/** Which projects a user belongs to, as ticks; its owner adds and removes the memberships that changed. */
class UserProjectsDialog extends Dialog {

    UserProjectsDialog(String email, List<Project> all, Set<Project> current) {
        setHeaderTitle(email + " · projects");
        CheckboxGroup<Project> choice = new CheckboxGroup<>();
        choice.setId("user-project-choice");
        choice.setItems(all);
        choice.setItemLabelGenerator(Project::name);
        choice.setValue(current);
        Button save = new Button("Save", click -> fireEvent(new Save(this, choice.getValue())));
        save.setId("save-user-projects");
        save.addThemeVariants(ButtonVariant.PRIMARY);
        add(all.isEmpty() ? new Paragraph("No projects yet.") : choice);
        getFooter().add(new Button("Cancel", click -> close()), save);
    }

    Registration addSaveListener(ComponentEventListener<Save> listener) {
        return addListener(Save.class, listener);
    }

    static class Save extends ComponentEvent<UserProjectsDialog> {
        private final Set<Project> chosen;

        Save(UserProjectsDialog source, Set<Project> chosen) {
            super(source, false);
            this.chosen = Set.copyOf(chosen);
        }

        Set<Project> chosen() {
            return chosen;
        }
    }
}
