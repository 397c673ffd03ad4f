package io.flytrap.dashboard.projects;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.flytrap.core.access.Caller;
import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.TokenInfo;
import io.flytrap.dashboard.issues.TimeFormat;

import java.time.Clock;
import java.util.List;

/** The project's upload tokens (for CI: source maps and releases): new ones, and revoking old ones. */
class UploadTokensPanel extends Composite<VerticalLayout> {

    private final ApiTokenService tokens;
    private final Caller caller;
    private final long projectId;
    private final Grid<TokenInfo> grid = new Grid<>();

    UploadTokensPanel(ApiTokenService tokens, Clock clock, Caller caller, long projectId) {
        this.tokens = tokens;
        this.caller = caller;
        this.projectId = projectId;
        grid.setId("upload-tokens");
        grid.addColumn(TokenInfo::name).setHeader("Upload token").setFlexGrow(2);
        grid.addColumn(token -> token.prefix() + "…").setHeader("Starts with").setFlexGrow(1);
        grid.addColumn(token -> String.join(", ", token.scopes())).setHeader("Scopes").setFlexGrow(2);
        grid.addColumn(token -> token.lastUsedAt() == null ? "never" : TimeFormat.ago(token.lastUsedAt(), clock.instant()))
                .setHeader("Last used").setFlexGrow(1);
        grid.addComponentColumn(this::revokeButton).setAutoWidth(true).setFlexGrow(0);
        grid.setAllRowsVisible(true);

        Button newToken = new Button("New upload token", click -> openNewTokenDialog());
        newToken.setId("new-upload-token");
        Paragraph help = new Paragraph("Upload tokens let a CI job upload this project's source maps and releases "
                + "(curl or sentry-cli as SENTRY_AUTH_TOKEN) and, unless given more scopes, reach nothing else.");
        getContent().add(help, newToken, grid);
        getContent().setPadding(false);
        refresh();
    }

    private Button revokeButton(TokenInfo token) {
        Button revoke = new Button("Revoke", click -> Confirmation.ask("Revoke " + token.name() + "?",
                "Jobs using it can no longer upload.", "Revoke", () -> {
                    tokens.revokeForProject(caller, projectId, token.id());
                    refresh();
                }));
        revoke.setId("revoke-token-" + token.id());
        revoke.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.LUMO_ERROR);
        return revoke;
    }

    private void openNewTokenDialog() {
        NewUploadTokenDialog dialog = new NewUploadTokenDialog();
        dialog.addCreateListener(create -> {
            try {
                dialog.showToken(tokens.issueForProject(caller, projectId, create.name(), create.scopes()).token());
                refresh();
            } catch (IllegalArgumentException refused) {
                dialog.showProblem(refused.getMessage());
            }
        });
        dialog.open();
    }

    private void refresh() {
        List<TokenInfo> all = tokens.listForProject(caller, projectId);
        grid.setItems(all);
        grid.setVisible(!all.isEmpty());
    }
}
