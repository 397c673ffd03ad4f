package io.flytrap.dashboard.setup;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;

/** First run: create the first administrator, with the one-time token from the log. */
@Route(value = "setup", autoLayout = false)
@PageTitle("Set up · Flytrap")
@AnonymousAllowed
public class SetupView extends VerticalLayout implements BeforeEnterObserver {

    private final UserService users;
    private final SetupToken setupToken;
    private final EmailField email = new EmailField("Administrator e-mail");
    private final PasswordField password = new PasswordField("Password");
    private final PasswordField repeat = new PasswordField("Repeat password");
    private final Paragraph problem = new Paragraph();
    private String token;

    SetupView(UserService users, SetupToken setupToken) {
        this.users = users;
        this.setupToken = setupToken;
        setAlignItems(Alignment.CENTER);
        password.setHelperText("At least " + UserService.MIN_PASSWORD_LENGTH + " characters");
        problem.getStyle().set("color", "var(--lumo-error-text-color)");
        Button create = new Button("Create administrator", click -> create());
        create.addThemeVariants(ButtonVariant.PRIMARY);
        create.setId("create-admin");
        add(new H1("Welcome to Flytrap"), new Paragraph("Create the first administrator account."),
                email, password, repeat, problem, create);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        token = event.getLocation().getQueryParameters().getSingleParameter("token").orElse(null);
        if (users.adminExists() || !setupToken.matches(token)) {
            event.forwardTo(LoginView.class);
        }
    }

    private void create() {
        if (users.adminExists() || !setupToken.matches(token)) {
            getUI().ifPresent(ui -> ui.navigate(LoginView.class));
            return;
        }
        if (!password.getValue().equals(repeat.getValue())) {
            problem.setText("The passwords differ.");
            return;
        }
        try {
            users.create(email.getValue(), password.getValue(), Role.ADMIN);
        } catch (IllegalArgumentException invalid) {
            problem.setText(invalid.getMessage());
            return;
        }
        getUI().ifPresent(ui -> ui.navigate(LoginView.class));
    }
}
