package io.flytrap.dashboard.tokens;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.flytrap.core.access.Caller;
import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.TokenInfo;

import io.flytrap.dashboard.issues.TimeFormat;

import java.time.Clock;
import java.util.List;

/** A user's personal API tokens with a revoke button each: on the Account page and the API tokens page. */
public class PersonalTokenList extends Composite<VerticalLayout> {

    private final ApiTokenService tokens;
    private final Caller caller;
    private final Clock clock;
    private final Grid<TokenInfo> grid = new Grid<>();
    private final Paragraph none = new Paragraph("No personal API tokens.");

    public PersonalTokenList(ApiTokenService tokens, Caller caller, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
        this.caller = caller;
        grid.setId("personal-tokens");
        grid.addColumn(TokenInfo::name).setHeader("Name").setFlexGrow(2);
        grid.addColumn(token -> token.prefix() + "…").setHeader("Token").setFlexGrow(1);
        grid.addColumn(token -> token.lastUsedAt() == null ? "never" : TimeFormat.ago(token.lastUsedAt(), clock.instant()))
                .setTooltipGenerator(token -> TimeFormat.exact(token.lastUsedAt()))
                .setHeader("Last used").setFlexGrow(2);
        grid.addComponentColumn(this::revokeButton).setAutoWidth(true).setFlexGrow(0);
        grid.setAllRowsVisible(true);
        getContent().setPadding(false);
        getContent().add(none, grid);
        refresh();
    }

    public void refresh() {
        List<TokenInfo> mine = tokens.listPersonal(caller, caller.userId());
        grid.setItems(mine);
        grid.setVisible(!mine.isEmpty());
        none.setVisible(mine.isEmpty());
    }

    private Button revokeButton(TokenInfo token) {
        // No confirmation step: revoking cannot leak anything, and a token feared lost must stop at once
        Button revoke = new Button("Revoke", click -> {
            tokens.revokePersonal(caller, caller.userId(), token.id());
            refresh();
            Notification.show("Token " + token.name() + " revoked", 3000, Notification.Position.BOTTOM_START);
        });
        revoke.setId("revoke-personal-token-" + token.id());
        revoke.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.LUMO_ERROR);
        return revoke;
    }
}
