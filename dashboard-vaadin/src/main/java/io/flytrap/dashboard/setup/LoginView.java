package io.flytrap.dashboard.setup;

import com.vaadin.flow.component.html.Anchor;
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
import io.flytrap.core.users.LocalLogin;
import io.flytrap.core.users.OidcProperties;
import io.flytrap.core.users.UserService;

import java.util.Map;

@Route(value = "login", autoLayout = false)
@PageTitle("Sign in · Flytrap")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    /** Where Spring's OAuth2 login starts the authorization request for the provider (registration id "oidc"). */
    public static final String SSO_START = "oauth2/authorization/oidc";

    /** A refused single sign-on, by the reason code the security feature redirects with. */
    private static final Map<String, String> SSO_REFUSALS = Map.of(
            "no-email", "Your identity provider sent no e-mail address. Ask its administrator to release the e-mail claim to Flytrap.",
            "email-not-verified", "Your identity provider has not verified your e-mail address, so Flytrap cannot match it to an account.",
            "not-allowed", "Your account may not use Flytrap: neither your e-mail domain nor your groups are allowed. Ask a Flytrap administrator.",
            "account-disabled", "Your Flytrap account is disabled. Ask a Flytrap administrator.",
            "invalid-token", "The sign-in answer from your identity provider was not valid (expired, or meant for another application). Try again; if it keeps failing, tell your administrator.",
            "provider-error", "Your identity provider did not complete the sign-in. Try again.",
            "provider-unreachable", "The identity provider can't be reached right now. Try again in a moment; if it keeps failing, tell your administrator.");

    private final LoginForm form = new LoginForm();
    private final UserService users;
    private final OidcProperties sso;
    private final LocalLogin localLogin;

    LoginView(UserService users, OidcProperties sso, LocalLogin localLogin) {
        this.users = users;
        this.sso = sso;
        this.localLogin = localLogin;
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
        add(new H1("Flytrap"));
        if (sso.enabled()) {
            // a plain link: the browser must leave the single-page app for the provider
            Anchor button = new Anchor(SSO_START, "Sign in with " + sso.providerName());
            button.setId("sso-sign-in");
            button.setRouterIgnore(true);
            button.getElement().getThemeList().add("primary");
            button.getStyle().set("padding", "var(--lumo-space-s) var(--lumo-space-l)")
                    .set("border-radius", "var(--lumo-border-radius-m)").set("background", "var(--lumo-primary-color)")
                    .set("color", "var(--lumo-primary-contrast-color)").set("text-decoration", "none");
            add(button);
        }
        if (!localLogin.enabled()) {
            Paragraph note = new Paragraph("Passwords are turned off: only the break-glass administrator signs in with one.");
            note.setId("local-login-off");
            add(note);
        }
        add(form);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (!users.anyUserExists() && !sso.enabled()) {
            // Nobody can sign in yet: say where the first administrator is created instead of failing silently
            removeAll();
            add(new H1("Flytrap"), new Paragraph("No administrator exists yet. Open the set-up link printed in the "
                    + "Flytrap log, or start Flytrap with FLYTRAP_ADMIN_EMAIL and FLYTRAP_ADMIN_PASSWORD."));
            return;
        }
        var parameters = event.getLocation().getQueryParameters().getParameters();
        var refused = parameters.getOrDefault("sso-refused", java.util.List.of());
        if (!refused.isEmpty()) {
            Paragraph reason = new Paragraph(SSO_REFUSALS.getOrDefault(refused.getFirst(), SSO_REFUSALS.get("provider-error")));
            reason.setId("sso-refused");
            reason.getStyle().set("color", "var(--lumo-error-text-color)").set("max-width", "28em");
            addComponentAtIndex(1, reason);
        }
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
