package io.flytrap.dashboard.projects;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.flytrap.core.access.Caller;
import io.flytrap.core.projects.ProjectKey;
import io.flytrap.core.projects.ProjectKeyService;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.dashboard.issues.TimeFormat;
import io.flytrap.dashboard.sdk.PublicUrl;
import io.flytrap.dashboard.sdk.SdkSettingsPanel;

import java.time.Clock;

/** A project's client keys: each with its DSN and SDK setup, rotate and revoke; and new keys. */
class ClientKeysSection extends Composite<VerticalLayout> {

    private final ProjectService projects;
    private final ProjectKeyService keys;
    private final PublicUrl publicUrl;
    private final Caller caller;
    private final long projectId;
    private final Grid<ProjectKey> grid = new Grid<>();

    ClientKeysSection(ProjectService projects, ProjectKeyService keys, PublicUrl publicUrl, Clock clock, Caller caller,
                      long projectId) {
        this.projects = projects;
        this.keys = keys;
        this.publicUrl = publicUrl;
        this.caller = caller;
        this.projectId = projectId;
        grid.setId("keys");
        grid.addColumn(ProjectKey::label).setHeader("Label").setFlexGrow(1);
        grid.addComponentColumn(key -> {
            Span value = new Span(key.publicKey());
            value.getStyle().set("font-family", "monospace");
            return value;
        }).setHeader("Key").setFlexGrow(2);
        grid.addColumn(key -> key.rateLimitPerMinute() == null ? "default" : key.rateLimitPerMinute() + "/min")
                .setHeader("Rate limit").setFlexGrow(1);
        grid.addColumn(key -> key.active() ? "active" : "revoked " + TimeFormat.ago(key.revokedAt(), clock.instant()))
                .setHeader("Status").setFlexGrow(1);
        grid.addComponentColumn(this::keyActions).setHeader("").setAutoWidth(true).setFlexGrow(0);
        grid.setAllRowsVisible(true);

        Button create = new Button("New key", click -> openNewKeyDialog());
        create.setId("new-key");
        HorizontalLayout header = new HorizontalLayout(new H3("Client keys"), create);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        Paragraph help = new Paragraph("SDKs send events with a key (or the DSN built from it). Revoke a key that "
                + "leaked; rotate to replace it with a new one in one step.");
        getContent().add(header, help, grid);
        getContent().setPadding(false);
        refresh();
    }

    private HorizontalLayout keyActions(ProjectKey key) {
        HorizontalLayout actions = new HorizontalLayout();
        if (!key.active()) {
            return actions;
        }
        Button setup = new Button("DSN & setup", click -> {
            Dialog dialog = new Dialog(new SdkSettingsPanel(publicUrl.sdkSettings(projectId, key.publicKey())));
            dialog.setHeaderTitle(key.label());
            dialog.getFooter().add(new Button("Close", close -> dialog.close()));
            dialog.setWidth("48em");
            dialog.open();
        });
        Button rotate = new Button("Rotate", click -> Confirmation.ask("Rotate " + key.label() + "?",
                "A new key replaces it, and this one stops working at once. SDKs need the new DSN.", "Rotate", () -> {
                    keys.rotate(caller, projectId, key.id());
                    refresh();
                }));
        Button revoke = new Button("Revoke", click -> Confirmation.ask("Revoke " + key.label() + "?",
                "Events sent with this key will be refused from now on.", "Revoke", () -> {
                    keys.revoke(caller, projectId, key.id());
                    refresh();
                }));
        revoke.addThemeVariants(ButtonVariant.LUMO_ERROR);
        for (Button button : new Button[]{setup, rotate, revoke}) {
            button.addThemeVariants(ButtonVariant.SMALL);
        }
        setup.setId("key-setup-" + key.id());
        rotate.setId("rotate-key-" + key.id());
        revoke.setId("revoke-key-" + key.id());
        actions.add(setup, rotate, revoke);
        return actions;
    }

    private void openNewKeyDialog() {
        NewKeyDialog dialog = new NewKeyDialog();
        dialog.addCreateListener(create -> {
            try {
                keys.create(caller, projectId, create.label(), create.rateLimitPerMinute());
                dialog.close();
                refresh();
            } catch (IllegalArgumentException invalid) {
                dialog.showProblem(invalid.getMessage());
            }
        });
        dialog.open();
    }

    private void refresh() {
        grid.setItems(projects.keys(caller, projectId));
    }
}
