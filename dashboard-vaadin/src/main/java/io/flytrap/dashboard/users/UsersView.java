package io.flytrap.dashboard.users;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.flytrap.core.access.Caller;
import io.flytrap.core.projects.Project;
import io.flytrap.core.projects.ProjectMember;
import io.flytrap.core.projects.ProjectMemberService;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserAccount;
import io.flytrap.core.users.UserAdminService;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import jakarta.annotation.security.RolesAllowed;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Administrators manage people here: create users (with a one-time password to hand over), roles, disable and
 * enable, reset passwords, and which projects each user belongs to. The dialogs only ask; this view makes the
 * changes through the services.
 */
@Route("users")
@PageTitle("Users · Flytrap")
@Menu(title = "Users", order = 2)
@RolesAllowed(FlytrapPrincipal.ADMIN)
class UsersView extends VerticalLayout {

    private final UserAdminService admin;
    private final ProjectService projects;
    private final ProjectMemberService members;
    private final Caller caller;
    private final Grid<UserAccount> grid = new Grid<>();
    private Grid.Column<UserAccount> statusColumn;
    private Grid.Column<UserAccount> actionsColumn;

    UsersView(UserAdminService admin, ProjectService projects, ProjectMemberService members,
              AuthenticationContext authentication) {
        this.admin = admin;
        this.projects = projects;
        this.members = members;
        this.caller = authentication.getAuthenticatedUser(FlytrapPrincipal.class).orElseThrow().caller();

        Button create = new Button("New user", click -> openCreateDialog());
        create.setId("new-user");
        create.addThemeVariants(ButtonVariant.PRIMARY);
        HorizontalLayout header = new HorizontalLayout(new H2("Users"), create);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);

        grid.setId("users");
        grid.addColumn(UserAccount::email).setHeader("E-mail").setFlexGrow(3);
        grid.addComponentColumn(this::roleSelect).setHeader("Role").setFlexGrow(1);
        statusColumn = grid.addColumn(user -> user.disabled() ? "disabled" : "active").setHeader("Status").setFlexGrow(1);
        actionsColumn = grid.addComponentColumn(this::actions).setAutoWidth(true).setFlexGrow(0);
        grid.setAllRowsVisible(true);
        add(header, grid);
        refresh();
    }

    @Override
    protected void onAttach(AttachEvent attach) {
        getElement().executeJs("return window.innerWidth").then(Integer.class, this::fitTo);
    }

    /**
     * On a phone (under 600 px) the actions stack in a narrow column and the status goes (Disable / Enable says it),
     * so e-mail, role and every button fit without scrolling the grid sideways (issue #22).
     */
    private void fitTo(int windowWidth) {
        boolean narrow = windowWidth < 600;
        statusColumn.setVisible(!narrow);
        actionsColumn.setAutoWidth(!narrow);
        actionsColumn.setWidth(narrow ? "8.5rem" : null);
    }

    static String roleLabel(Role role) {
        return role == Role.ADMIN ? "Administrator" : "Member";
    }

    private void refresh() {
        grid.setItems(admin.list(caller));
    }

    private Select<Role> roleSelect(UserAccount user) {
        Select<Role> role = new Select<>();
        role.setItems(Role.values());
        role.setItemLabelGenerator(UsersView::roleLabel);
        role.setValue(user.role());
        role.setId("role-" + user.id());
        role.setWidthFull();
        role.addValueChangeListener(change -> {
            if (!change.isFromClient()) {
                return;
            }
            try {
                admin.setRole(caller, user.id(), change.getValue());
                Notification.show("Role changed; their sessions were ended", 3000, Notification.Position.BOTTOM_START);
            } catch (IllegalArgumentException refused) {
                Notification.show(refused.getMessage(), 4000, Notification.Position.BOTTOM_START);
            }
            refresh();
        });
        return role;
    }

    private HorizontalLayout actions(UserAccount user) {
        Button projectsButton = new Button("Projects", click -> openProjectsDialog(user));
        Button toggle = new Button(user.disabled() ? "Enable" : "Disable", click -> {
            try {
                admin.setDisabled(caller, user.id(), !user.disabled());
            } catch (IllegalArgumentException refused) {
                Notification.show(refused.getMessage(), 4000, Notification.Position.BOTTOM_START);
            }
            refresh();
        });
        Button reset = new Button("Reset password", click -> {
            ConfirmDialog confirm = new ConfirmDialog("Reset " + user.email() + "'s password?",
                    "Their current password stops working, their sessions end and their API tokens are revoked.", "Reset",
                    confirmed -> new TemporaryPasswordDialog(user.email(),
                            admin.resetPassword(caller, user.id(), true).temporaryPassword()).open());
            confirm.setCancelable(true);
            confirm.open();
        });
        projectsButton.setId("user-projects-" + user.id());
        toggle.setId("toggle-user-" + user.id());
        reset.setId("reset-password-" + user.id());
        for (Button button : List.of(projectsButton, toggle, reset)) {
            button.addThemeVariants(ButtonVariant.SMALL);
        }
        HorizontalLayout actions = new HorizontalLayout(projectsButton, toggle, reset);
        actions.setWrap(true); // stacked in the phone's narrow column
        actions.getThemeList().add("spacing-xs");
        return actions;
    }

    private void openCreateDialog() {
        NewUserDialog dialog = new NewUserDialog();
        dialog.addCreateListener(create -> {
            try {
                var created = admin.create(caller, create.email(), create.role());
                dialog.close();
                refresh();
                new TemporaryPasswordDialog(created.user().email(), created.temporaryPassword()).open();
            } catch (IllegalArgumentException invalid) {
                dialog.showProblem(invalid.getMessage());
            }
        });
        dialog.open();
    }

    private void openProjectsDialog(UserAccount user) {
        List<Project> all = projects.listVisibleTo(caller);
        Set<Project> current = new HashSet<>();
        for (Project project : all) {
            if (members.list(caller, project.id()).stream().map(ProjectMember::userId).anyMatch(id -> id == user.id())) {
                current.add(project);
            }
        }
        UserProjectsDialog dialog = new UserProjectsDialog(user.email(), all, current);
        dialog.addSaveListener(save -> {
            for (Project project : all) {
                boolean wanted = save.chosen().contains(project);
                if (wanted && !current.contains(project)) {
                    members.add(caller, project.id(), user.email());
                } else if (!wanted && current.contains(project)) {
                    members.remove(caller, project.id(), user.id());
                }
            }
            dialog.close();
            Notification.show("Projects saved", 2000, Notification.Position.BOTTOM_START);
        });
        dialog.open();
    }
}
