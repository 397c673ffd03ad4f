package io.flytrap.dashboard.setup;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.flytrap.core.users.UserService;

@Route(value = "login", autoLayout = false)
@PageTitle("Sign in · Flytrap")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    private final LoginForm form = new LoginForm();
    private final UserService users;

    LoginView(UserService users) {
        this.users = users;
        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);
        form.setAction("login");
        form.setForgotPasswordButtonVisible(false);
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setUsername("E-mail");
        i18n.getErrorMessage().setTitle("Sign-in failed");
        i18n.getErrorMessage().setMessage("Check your e-mail and password and try again.");
        form.setI18n(i18n);
        add(new H1("Flytrap"), form);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (!users.anyUserExists()) {
            // Nobody can sign in yet: say where the first administrator is created instead of failing silently
            removeAll();
            add(new H1("Flytrap"), new Paragraph("No administrator exists yet. Open the set-up link printed in the "
                    + "Flytrap log, or start Flytrap with FLYTRAP_ADMIN_EMAIL and FLYTRAP_ADMIN_PASSWORD."));
            return;
        }
        var parameters = event.getLocation().getQueryParameters().getParameters();
        if (parameters.containsKey("throttled")) {
            LoginI18n i18n = LoginI18n.createDefault();
            i18n.getForm().setUsername("E-mail");
            i18n.getErrorMessage().setTitle("Too many failed sign-ins");
            i18n.getErrorMessage().setMessage("Sign-in is paused for this account or network. Wait 15 minutes and try again.");
            form.setI18n(i18n);
        }
        form.setError(parameters.containsKey("error"));
    }
}
