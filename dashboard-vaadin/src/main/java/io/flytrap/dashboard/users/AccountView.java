package io.flytrap.dashboard.users;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.flytrap.core.access.Caller;
import io.flytrap.core.users.UserAdminService;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import jakarta.annotation.security.PermitAll;

/** The signed-in user's own account: for now, changing the password. */
@Route("account")
@PageTitle("Account · Flytrap")
@Menu(title = "Account", order = 3)
@PermitAll
class AccountView extends VerticalLayout {

    AccountView(UserAdminService admin, AuthenticationContext authentication) {
        FlytrapPrincipal principal = authentication.getAuthenticatedUser(FlytrapPrincipal.class).orElseThrow();
        Caller caller = principal.caller();
        PasswordField current = new PasswordField("Current password");
        current.setId("current-password");
        PasswordField fresh = new PasswordField("New password");
        fresh.setId("new-password");
        fresh.setHelperText("At least " + UserService.MIN_PASSWORD_LENGTH + " characters");
        PasswordField repeat = new PasswordField("New password again");
        repeat.setId("repeat-password");
        Paragraph problem = new Paragraph();
        problem.setId("password-problem");
        Button change = new Button("Change password", click -> {
            if (!fresh.getValue().equals(repeat.getValue())) {
                problem.setText("The new passwords differ");
                return;
            }
            try {
                admin.changeOwnPassword(caller, current.getValue(), fresh.getValue());
                current.clear();
                fresh.clear();
                repeat.clear();
                problem.setText("");
                Notification.show("Password changed", 3000, Notification.Position.BOTTOM_START);
            } catch (IllegalArgumentException refused) {
                problem.setText(refused.getMessage());
            }
        });
        change.setId("change-password");
        change.addThemeVariants(ButtonVariant.PRIMARY);
        add(new H2("Account"), new Paragraph(principal.getUsername()), current, fresh, repeat, change, problem);
    }
}
