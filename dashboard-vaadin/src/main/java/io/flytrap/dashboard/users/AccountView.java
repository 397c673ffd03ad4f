package io.flytrap.dashboard.users;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.flytrap.core.access.Caller;
import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.SignInThrottledException;
import io.flytrap.core.users.UserAdminService;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import io.flytrap.dashboard.tokens.PersonalTokenList;
import jakarta.annotation.security.PermitAll;

/**
 * The signed-in user's own account: changing the password (which ends their other sessions, and on request
 * revokes their API tokens) and their personal API tokens, each revocable.
 */
@Route("account")
@PageTitle("Account · Flytrap")
@Menu(title = "Account", order = 3)
@PermitAll
class AccountView extends VerticalLayout {

    AccountView(UserAdminService admin, ApiTokenService tokens, AuthenticationContext authentication, java.time.Clock clock) {
        FlytrapPrincipal principal = authentication.getAuthenticatedUser(FlytrapPrincipal.class).orElseThrow();
        Caller caller = principal.caller();
        PersonalTokenList tokenList = new PersonalTokenList(tokens, caller, clock);
        PasswordField current = new PasswordField("Current password");
        current.setId("current-password");
        PasswordField fresh = new PasswordField("New password");
        fresh.setId("new-password");
        fresh.setHelperText("At least " + UserService.MIN_PASSWORD_LENGTH + " characters");
        PasswordField repeat = new PasswordField("New password again");
        repeat.setId("repeat-password");
        Checkbox revokeTokens = new Checkbox("Also revoke all my API tokens (do this if someone else may have known "
                + "the old password)");
        revokeTokens.setId("revoke-tokens");
        Paragraph problem = new Paragraph();
        problem.setId("password-problem");
        Button change = new Button("Change password", click -> {
            if (!fresh.getValue().equals(repeat.getValue())) {
                problem.setText("The two new passwords are not the same. Type the same one twice.");
                return;
            }
            try {
                admin.changeOwnPassword(caller, new UserAdminService.PasswordChange(current.getValue(), fresh.getValue(),
                        revokeTokens.getValue()), origin());
                current.clear();
                fresh.clear();
                repeat.clear();
                problem.setText("");
                tokenList.refresh();
                Notification.show("Password changed; your other sessions were ended", 3000, Notification.Position.BOTTOM_START);
            } catch (IllegalArgumentException | SignInThrottledException refused) {
                problem.setText(refused.getMessage());
            }
        });
        change.setId("change-password");
        change.addThemeVariants(ButtonVariant.PRIMARY);
        add(new H2("Account"), new Paragraph(principal.getUsername()), current, fresh, repeat, revokeTokens, change, problem,
                new H3("Personal API tokens"), tokenList);
    }

    /** This session goes on after the change (the user's others end); the address counts towards the throttle. */
    private static UserAdminService.Origin origin() {
        VaadinRequest request = VaadinRequest.getCurrent();
        VaadinSession session = VaadinSession.getCurrent();
        return new UserAdminService.Origin(request == null ? null : request.getRemoteAddr(),
                session == null || session.getSession() == null ? null : session.getSession().getId());
    }
}
