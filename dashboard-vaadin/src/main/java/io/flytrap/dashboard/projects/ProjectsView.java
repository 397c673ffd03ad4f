package io.flytrap.dashboard.projects;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.flytrap.core.access.Caller;
import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.Project;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.dashboard.issues.IssueListView;
import io.flytrap.dashboard.sdk.PublicUrl;
import io.flytrap.dashboard.sdk.SdkSettingsPanel;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import jakarta.annotation.security.PermitAll;

import java.util.List;

@Route("")
@PageTitle("Projects · Flytrap")
@Menu(title = "Projects", order = 0)
@PermitAll
class ProjectsView extends VerticalLayout {

    static final List<String> PLATFORMS = List.of("javascript", "react", "node", "python", "java", "other");

    private final ProjectService projects;
    private final PublicUrl publicUrl;
    private final Caller caller;
    private final Grid<Project> grid = new Grid<>(Project.class, false);

    ProjectsView(ProjectService projects, PublicUrl publicUrl, AuthenticationContext authentication) {
        this.projects = projects;
        this.publicUrl = publicUrl;
        this.caller = authentication.getAuthenticatedUser(FlytrapPrincipal.class).orElseThrow().caller();

        Button create = new Button("New project", click -> openCreateDialog());
        create.addThemeVariants(ButtonVariant.PRIMARY);
        create.setId("new-project");
        HorizontalLayout header = new HorizontalLayout(new H2("Projects"), create);
        header.setAlignItems(Alignment.BASELINE);

        grid.setId("projects");
        grid.addColumn(Project::name).setHeader("Name").setFlexGrow(3);
        grid.addColumn(project -> project.platform() == null ? "" : project.platform()).setHeader("Platform");
        grid.addItemClickListener(click -> IssueListView.open(click.getItem().id()));
        grid.setAllRowsVisible(true);
        refresh();
        add(header, grid);
    }

    private void refresh() {
        List<Project> visible = projects.listVisibleTo(caller);
        grid.setItems(visible);
        grid.setVisible(!visible.isEmpty());
    }

    private void openCreateDialog() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("New project");
        TextField name = new TextField("Name");
        name.setId("project-name");
        name.setRequired(true);
        name.setMaxLength(100);
        Select<String> platform = new Select<>();
        platform.setLabel("Platform");
        platform.setItems(PLATFORMS);
        platform.setValue("javascript");
        Paragraph problem = new Paragraph();
        Button save = new Button("Create", click -> {
            try {
                CreatedProject created = projects.create(caller, name.getValue(), platform.getValue());
                refresh();
                showSettings(dialog, created);
            } catch (IllegalArgumentException invalid) {
                problem.setText(invalid.getMessage());
            }
        });
        save.setId("create-project");
        save.addThemeVariants(ButtonVariant.PRIMARY);
        dialog.add(new VerticalLayout(name, platform, problem));
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), save);
        dialog.open();
        name.focus();
    }

    private void showSettings(Dialog dialog, CreatedProject created) {
        dialog.removeAll();
        dialog.getFooter().removeAll();
        dialog.setHeaderTitle(created.project().name() + " is ready");
        dialog.add(new SdkSettingsPanel(publicUrl.sdkSettings(created.project().id(), created.key().publicKey())));
        Button open = new Button("Open issues", click -> {
            dialog.close();
            IssueListView.open(created.project().id());
        });
        open.setId("open-issues");
        open.addThemeVariants(ButtonVariant.PRIMARY);
        dialog.getFooter().add(new Button("Close", click -> dialog.close()), open);
    }
}
