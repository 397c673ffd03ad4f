package io.flytrap.dashboard.tokens;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.IssuedToken;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import jakarta.annotation.security.PermitAll;

import java.time.Clock;

/** Personal API tokens for the management API; a new token is shown once, and any can be revoked. */
@Route("tokens")
@PageTitle("API tokens · Flytrap")
@Menu(title = "API tokens", order = 10)
@PermitAll
class TokensView extends VerticalLayout {

    TokensView(ApiTokenService tokens, AuthenticationContext authentication, Clock clock) {
        FlytrapPrincipal principal = authentication.getAuthenticatedUser(FlytrapPrincipal.class).orElseThrow();
        long userId = principal.user().id();
        PersonalTokenList list = new PersonalTokenList(tokens, principal.caller(), clock);
        TextField name = new TextField("Token name");
        name.setPlaceholder("e.g. CI deploys");
        name.setMaxLength(100);
        Span created = new Span();
        created.setId("new-token");
        created.getStyle().set("font-family", "monospace").set("word-break", "break-all");
        Paragraph once = new Paragraph();
        Button create = new Button("Create token", click -> {
            IssuedToken issued;
            try {
                issued = tokens.issue(userId, name.getValue());
            } catch (IllegalArgumentException refused) {
                name.setErrorMessage(refused.getMessage());
                name.setInvalid(true);
                return;
            }
            name.setInvalid(false);
            created.setText(issued.token());
            once.setText("Copy it now: Flytrap keeps only a digest and cannot show it again.");
            list.refresh();
        });
        create.addThemeVariants(ButtonVariant.PRIMARY);
        HorizontalLayout form = new HorizontalLayout(name, create);
        form.setAlignItems(Alignment.BASELINE);
        add(new H2("API tokens"), new Paragraph("Use a token as 'Authorization: Bearer <token>' with the management API "
                + "(/api/v1, described at /api/v1/openapi.json)."), form, created, once, list);
    }
}
