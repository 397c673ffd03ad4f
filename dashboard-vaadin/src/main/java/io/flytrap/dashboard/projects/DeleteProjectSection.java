package io.flytrap.dashboard.projects;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.flytrap.core.access.Caller;
import io.flytrap.core.projects.Project;
import io.flytrap.core.projects.ProjectDeletionService;

/** Deleting a project with everything in it; the view shows this to administrators only (the service checks). */
class DeleteProjectSection extends Composite<VerticalLayout> {

    DeleteProjectSection(ProjectDeletionService deletion, Caller caller, Project project) {
        Button delete = new Button("Delete project", click -> Confirmation.ask("Delete " + project.name() + "?",
                "All its issues, events, keys and memberships are deleted. This cannot be undone.", "Delete", () -> {
                    deletion.delete(caller, project.id());
                    getUI().ifPresent(ui -> ui.navigate(""));
                }));
        delete.setId("delete-project");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        getContent().add(new H3("Delete"), delete);
        getContent().setPadding(false);
    }
}
