package io.flytrap.dashboard.projects;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.checkbox.CheckboxGroupVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.flytrap.core.access.Caller;
import io.flytrap.core.access.Scope;
import io.flytrap.core.alerts.AlertChannelService;
import io.flytrap.core.alerts.AlertRuleService;
import io.flytrap.core.alerts.NotificationService;
import io.flytrap.dashboard.alerts.AlertsSection;
import io.flytrap.core.access.ForbiddenException;
import io.flytrap.core.projects.Project;
import io.flytrap.core.projects.ProjectDeletionService;
import io.flytrap.core.projects.ProjectKey;
import io.flytrap.core.projects.ProjectKeyService;
import io.flytrap.core.projects.ProjectMember;
import io.flytrap.core.projects.ProjectMemberService;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.grouping.InAppRules;
import io.flytrap.core.projects.ProjectSettings;
import io.flytrap.core.sourcemaps.Artifact;
import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.TokenInfo;
import io.flytrap.core.sourcemaps.ArtifactService;
import com.vaadin.flow.component.html.Pre;
import java.util.List;
import io.flytrap.dashboard.issues.IssueListView;
import io.flytrap.dashboard.issues.TimeFormat;
import io.flytrap.dashboard.sdk.PublicUrl;
import io.flytrap.dashboard.sdk.SdkSettingsPanel;
import io.flytrap.dashboard.layout.Visible;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import jakarta.annotation.security.PermitAll;

import java.time.Clock;

/**
 * A project's settings: client keys (with each key's DSN and SDK setup), members, and data handling (scrubbing
 * and retention). Every change goes through the core services, which check the caller's membership again.
 */
@Route("projects/:projectId/settings")
@PageTitle("Project settings · Flytrap")
@PermitAll
public class ProjectSettingsView extends VerticalLayout implements BeforeEnterObserver {

    private final ProjectService projects;
    private final ProjectKeyService keys;
    private final ProjectMemberService members;
    private final ProjectDeletionService deletion;
    private final ArtifactService artifacts;
    private final ApiTokenService tokens;
    private final PublicUrl publicUrl;
    private final Clock clock;
    private final AlertRuleService alertRules;
    private final AlertChannelService alertChannels;
    private final NotificationService notifications;
    private final Caller caller;
    private final Grid<ProjectKey> keyGrid = new Grid<>();
    private final Grid<ProjectMember> memberGrid = new Grid<>();
    private final Grid<Artifact> artifactGrid = new Grid<>();
    private final Grid<TokenInfo> tokenGrid = new Grid<>();
    private long projectId;

    ProjectSettingsView(ProjectService projects, ProjectKeyService keys, ProjectMemberService members,
                        ProjectDeletionService deletion, ArtifactService artifacts, ApiTokenService tokens,
                        PublicUrl publicUrl, Clock clock, AlertRuleService alertRules,
                        AlertChannelService alertChannels, NotificationService notifications,
                        AuthenticationContext authentication) {
        this.alertRules = alertRules;
        this.alertChannels = alertChannels;
        this.notifications = notifications;
        this.artifacts = artifacts;
        this.tokens = tokens;
        this.projects = projects;
        this.keys = keys;
        this.members = members;
        this.deletion = deletion;
        this.publicUrl = publicUrl;
        this.clock = clock;
        this.caller = authentication.getAuthenticatedUser(FlytrapPrincipal.class).orElseThrow().caller();
        configureKeyGrid();
        configureMemberGrid();
        configureArtifactGrid();
        configureTokenGrid();
    }

    public static String url(long projectId) {
        return RouteConfiguration.forSessionScope().getUrl(ProjectSettingsView.class,
                new RouteParameters("projectId", Long.toString(projectId)));
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        projectId = event.getRouteParameters().getLong("projectId").orElse(-1L);
        Project project = Visible.orNotFound(() -> projects.get(caller, projectId));
        removeAll();
        String issuesUrl = RouteConfiguration.forSessionScope().getUrl(IssueListView.class,
                new RouteParameters("projectId", Long.toString(projectId)));
        add(new Anchor(issuesUrl, "← Issues"), new H2(project.name() + " · settings"));
        add(keysSection(), sourceMapsSection(), membersSection(),
                new AlertsSection(alertRules, alertChannels, notifications, clock, caller, projectId), dataSection(),
                inAppSection());
        if (caller.admin()) {
            add(deleteSection(project));
        }
        refreshKeys();
        refreshMembers();
        refreshArtifacts();
        refreshTokens();
    }

    // ------------------------------------------------------------------ keys

    private void configureKeyGrid() {
        keyGrid.setId("keys");
        keyGrid.addColumn(ProjectKey::label).setHeader("Label").setFlexGrow(1);
        keyGrid.addComponentColumn(key -> {
            Span value = new Span(key.publicKey());
            value.getStyle().set("font-family", "monospace");
            return value;
        }).setHeader("Key").setFlexGrow(2);
        keyGrid.addColumn(key -> key.rateLimitPerMinute() == null ? "default" : key.rateLimitPerMinute() + "/min")
                .setHeader("Rate limit").setFlexGrow(1);
        keyGrid.addColumn(key -> key.active() ? "active" : "revoked " + TimeFormat.ago(key.revokedAt(), clock.instant()))
                .setHeader("Status").setFlexGrow(1);
        keyGrid.addComponentColumn(this::keyActions).setHeader("").setAutoWidth(true).setFlexGrow(0);
        keyGrid.setAllRowsVisible(true);
    }

    private Component keysSection() {
        Button create = new Button("New key", click -> openNewKeyDialog());
        create.setId("new-key");
        HorizontalLayout header = new HorizontalLayout(new H3("Client keys"), create);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        Paragraph help = new Paragraph("SDKs send events with a key (or the DSN built from it). Revoke a key that "
                + "leaked; rotate to replace it with a new one in one step.");
        VerticalLayout section = new VerticalLayout(header, help, keyGrid);
        section.setPadding(false);
        return section;
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
        Button rotate = new Button("Rotate", click -> confirm("Rotate " + key.label() + "?",
                "A new key replaces it, and this one stops working at once. SDKs need the new DSN.", "Rotate", () -> {
                    keys.rotate(caller, projectId, key.id());
                    refreshKeys();
                }));
        Button revoke = new Button("Revoke", click -> confirm("Revoke " + key.label() + "?",
                "Events sent with this key will be refused from now on.", "Revoke", () -> {
                    keys.revoke(caller, projectId, key.id());
                    refreshKeys();
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
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("New client key");
        TextField label = new TextField("Label");
        label.setId("key-label");
        label.setMaxLength(100);
        label.setPlaceholder("e.g. Web frontend");
        IntegerField limit = new IntegerField("Events per minute (optional)");
        limit.setId("key-rate-limit");
        limit.setMin(1);
        limit.setHelperText("Empty: the project's default limit");
        Paragraph problem = new Paragraph();
        Button save = new Button("Create", click -> {
            try {
                keys.create(caller, projectId, label.getValue(), limit.getValue());
                dialog.close();
                refreshKeys();
            } catch (IllegalArgumentException invalid) {
                problem.setText(invalid.getMessage());
            }
        });
        save.setId("create-key");
        save.addThemeVariants(ButtonVariant.PRIMARY);
        dialog.add(new VerticalLayout(label, limit, problem));
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), save);
        dialog.open();
        label.focus();
    }

    private void refreshKeys() {
        keyGrid.setItems(projects.keys(caller, projectId));
    }

    // ------------------------------------------------------------------ source maps

    private void configureArtifactGrid() {
        artifactGrid.setId("artifacts");
        artifactGrid.addColumn(artifact -> artifact.release() == null ? "every release" : artifact.release())
                .setHeader("Release").setFlexGrow(1);
        artifactGrid.addColumn(Artifact::name).setHeader("File").setFlexGrow(3);
        artifactGrid.addColumn(artifact -> humanSize(artifact.sizeBytes())).setHeader("Size").setFlexGrow(0).setWidth("7em");
        artifactGrid.addColumn(artifact -> TimeFormat.ago(artifact.createdAt(), clock.instant()))
                .setHeader("Uploaded").setFlexGrow(0).setWidth("9em");
        artifactGrid.addComponentColumn(artifact -> {
            Button delete = new Button("Delete", click -> confirm("Delete the map for " + artifact.name() + "?",
                    "New events from this file will show minified frames again.", "Delete", () -> {
                        artifacts.delete(caller, projectId, artifact.id());
                        refreshArtifacts();
                    }));
            delete.setId("delete-artifact-" + artifact.id());
            delete.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.LUMO_ERROR);
            return delete;
        }).setAutoWidth(true).setFlexGrow(0);
        artifactGrid.setAllRowsVisible(true);
    }

    private Component sourceMapsSection() {
        Paragraph help = new Paragraph("Upload the source maps of each release, and stack traces show your original "
                + "code. Flytrap never fetches maps from the web.");
        Pre upload = new Pre("curl -X POST --data-binary @dist/app.min.js.map -H 'Authorization: Bearer <API token>' \\\n  '"
                + publicUrl.base() + "/api/v1/projects/" + projectId + "/artifacts?release=<release>&name=~/static/app.min.js'");
        upload.getStyle().set("white-space", "pre-wrap").set("font-size", "var(--lumo-font-size-s)");
        Button newToken = new Button("New upload token", click -> openNewTokenDialog());
        newToken.setId("new-upload-token");
        Paragraph tokenHelp = new Paragraph("Upload tokens let a CI job upload this project's source maps and releases "
                + "(curl or sentry-cli as SENTRY_AUTH_TOKEN) and, unless given more scopes, reach nothing else.");
        VerticalLayout section = new VerticalLayout(new H3("Source maps"), help, upload, artifactGrid, tokenHelp,
                newToken, tokenGrid);
        section.setPadding(false);
        return section;
    }

    private void refreshArtifacts() {
        List<Artifact> all = artifacts.list(caller, projectId, null);
        artifactGrid.setItems(all);
        artifactGrid.setVisible(!all.isEmpty());
    }

    private static String humanSize(long bytes) {
        return bytes >= 1_048_576 ? String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1_048_576.0)
                : bytes >= 1_024 ? String.format(java.util.Locale.ROOT, "%.0f KB", bytes / 1_024.0) : bytes + " B";
    }

    private void configureTokenGrid() {
        tokenGrid.setId("upload-tokens");
        tokenGrid.addColumn(TokenInfo::name).setHeader("Upload token").setFlexGrow(2);
        tokenGrid.addColumn(token -> token.prefix() + "…").setHeader("Starts with").setFlexGrow(1);
        tokenGrid.addColumn(token -> String.join(", ", token.scopes())).setHeader("Scopes").setFlexGrow(2);
        tokenGrid.addColumn(token -> token.lastUsedAt() == null ? "never" : TimeFormat.ago(token.lastUsedAt(), clock.instant()))
                .setHeader("Last used").setFlexGrow(1);
        tokenGrid.addComponentColumn(token -> {
            Button revoke = new Button("Revoke", click -> confirm("Revoke " + token.name() + "?",
                    "Jobs using it can no longer upload.", "Revoke", () -> {
                        tokens.revokeForProject(caller, projectId, token.id());
                        refreshTokens();
                    }));
            revoke.setId("revoke-token-" + token.id());
            revoke.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.LUMO_ERROR);
            return revoke;
        }).setAutoWidth(true).setFlexGrow(0);
        tokenGrid.setAllRowsVisible(true);
    }

    private void openNewTokenDialog() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("New upload token");
        TextField name = new TextField("Name");
        name.setId("upload-token-name");
        name.setPlaceholder("e.g. GitHub Actions");
        name.setMaxLength(100);
        CheckboxGroup<Scope> scopes = new CheckboxGroup<>("Scopes");
        scopes.setId("upload-token-scopes");
        scopes.setItems(Scope.values());
        scopes.setItemLabelGenerator(ProjectSettingsView::scopeLabel);
        // CI needs releases only; anything more is a choice, so a leaked CI secret reaches no further by default
        scopes.setValue(Scope.UPLOAD_DEFAULT);
        scopes.addThemeVariants(CheckboxGroupVariant.LUMO_VERTICAL);
        Paragraph problem = new Paragraph();
        problem.setId("upload-token-problem");
        Button create = new Button("Create", click -> {
            try {
                String token = tokens.issueForProject(caller, projectId, name.getValue(), scopes.getValue()).token();
                dialog.removeAll();
                Span value = new Span(token);
                value.setId("upload-token-value");
                value.getStyle().set("font-family", "monospace").set("word-break", "break-all");
                dialog.add(new VerticalLayout(new Paragraph("Copy it now: it is shown only this once."), value));
                dialog.getFooter().removeAll();
                dialog.getFooter().add(new Button("Done", done -> dialog.close()));
                refreshTokens();
            } catch (IllegalArgumentException refused) {
                problem.setText(refused.getMessage());
            }
        });
        create.setId("create-upload-token");
        create.addThemeVariants(ButtonVariant.PRIMARY);
        dialog.add(new VerticalLayout(name, scopes, problem));
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), create);
        dialog.open();
    }

    private static String scopeLabel(Scope scope) {
        return scope.value() + switch (scope) {
            case PROJECT_RELEASES -> ": releases, deploys, source maps (what CI needs)";
            case PROJECT_READ -> ": read issues, events and settings";
            case PROJECT_WRITE -> ": also triage issues, change alert and in-app rules";
            case PROJECT_ADMIN -> ": everything, including scrubbing, retention, webhooks and keys";
        };
    }

    private void refreshTokens() {
        List<TokenInfo> all = tokens.listForProject(caller, projectId);
        tokenGrid.setItems(all);
        tokenGrid.setVisible(!all.isEmpty());
    }

    // ------------------------------------------------------------------ members

    private void configureMemberGrid() {
        memberGrid.setId("members");
        memberGrid.addColumn(ProjectMember::email).setHeader("E-mail").setFlexGrow(3);
        memberGrid.addColumn(member -> member.emailAlerts() ? "on" : "off").setHeader("E-mail alerts").setFlexGrow(1);
        memberGrid.addComponentColumn(member -> {
            if (!caller.admin()) {
                return new Span();
            }
            Button remove = new Button("Remove", click -> confirm("Remove " + member.email() + "?",
                    "They will no longer see this project.", "Remove", () -> {
                        members.remove(caller, projectId, member.userId());
                        refreshMembers();
                    }));
            remove.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.LUMO_ERROR);
            return remove;
        }).setFlexGrow(1);
        memberGrid.setAllRowsVisible(true);
    }

    private Component membersSection() {
        VerticalLayout section = new VerticalLayout(new H3("Members"), memberGrid);
        section.setPadding(false);
        java.util.Optional<ProjectMember> me = members.list(caller, projectId).stream()
                .filter(m -> m.userId() == caller.userId()).findFirst();
        if (me.isPresent()) {
            Checkbox alerts = new Checkbox("E-mail me this project's alerts");
            alerts.setId("own-alerts");
            alerts.setValue(me.get().emailAlerts());
            alerts.addValueChangeListener(change -> {
                members.setOwnEmailAlerts(caller, projectId, change.getValue());
                refreshMembers();
            });
            section.add(alerts);
        }
        if (caller.admin()) {
            TextField email = new TextField();
            email.setId("member-email");
            email.setPlaceholder("colleague@example.com");
            email.setWidth("20em");
            Button add = new Button("Add member", click -> {
                try {
                    members.add(caller, projectId, email.getValue());
                    email.clear();
                    refreshMembers();
                } catch (IllegalArgumentException | ForbiddenException refused) {
                    Notification.show(refused.getMessage(), 4000, Notification.Position.BOTTOM_START);
                }
            });
            add.setId("add-member");
            section.add(new HorizontalLayout(email, add));
        }
        return section;
    }

    private void refreshMembers() {
        memberGrid.setItems(members.list(caller, projectId));
    }

    // ------------------------------------------------------------------ data handling

    private Component dataSection() {
        ProjectSettings current = projects.settings(caller, projectId);
        Checkbox scrub = new Checkbox("Scrub secrets on the server (passwords, tokens, card numbers, cookies…)", current.scrubData());
        scrub.setId("scrub-data");
        Checkbox scrubIps = new Checkbox("Remove client IP addresses", current.scrubIpAddresses());
        scrubIps.setId("scrub-ips");
        IntegerField retention = new IntegerField("Keep events for (days)");
        retention.setId("retention-days");
        retention.setMin(ProjectSettings.MIN_RETENTION_DAYS);
        retention.setMax(ProjectSettings.MAX_RETENTION_DAYS);
        retention.setValue(current.retentionDays());
        retention.setHelperText("Issues and their counts stay; older events are deleted");
        Button save = new Button("Save", click -> {
            try {
                projects.updateSettings(caller, projectId, new ProjectSettings(scrub.getValue(), scrubIps.getValue(),
                        retention.getValue() == null ? -1 : retention.getValue()));
                Notification.show("Saved", 2000, Notification.Position.BOTTOM_START);
            } catch (IllegalArgumentException invalid) {
                Notification.show(invalid.getMessage(), 4000, Notification.Position.BOTTOM_START);
            }
        });
        save.setId("save-data-settings");
        save.addThemeVariants(ButtonVariant.PRIMARY);
        VerticalLayout section = new VerticalLayout(new H3("Data handling"), scrub, scrubIps, retention, save);
        section.setPadding(false);
        return section;
    }

    private Component inAppSection() {
        InAppRules current = projects.inAppRules(caller, projectId);
        TextArea include = new TextArea("Our code (one module prefix or path piece per line)");
        include.setId("in-app-include");
        include.setValue(String.join("\n", current.include()));
        include.setPlaceholder("com.example.shop.\nsrc/");
        TextArea exclude = new TextArea("Not our code");
        exclude.setId("in-app-exclude");
        exclude.setValue(String.join("\n", current.exclude()));
        exclude.setHelperText("For frames whose SDK did not say. Libraries, the JDK, node_modules and site-packages are "
                + "never our code unless listed above. Applies to events received from now on.");
        Button save = new Button("Save", click -> {
            try {
                projects.updateInAppRules(caller, projectId,
                        new InAppRules(InAppRules.lines(include.getValue()), InAppRules.lines(exclude.getValue())));
                Notification.show("Saved", 2000, Notification.Position.BOTTOM_START);
            } catch (IllegalArgumentException invalid) {
                Notification.show(invalid.getMessage(), 4000, Notification.Position.BOTTOM_START);
            }
        });
        save.setId("save-in-app-rules");
        save.addThemeVariants(ButtonVariant.PRIMARY);
        VerticalLayout section = new VerticalLayout(new H3("Application code (grouping)"), include, exclude, save);
        section.setPadding(false);
        return section;
    }

    private Component deleteSection(Project project) {
        Button delete = new Button("Delete project", click -> confirm("Delete " + project.name() + "?",
                "All its issues, events, keys and memberships are deleted. This cannot be undone.", "Delete", () -> {
                    deletion.delete(caller, projectId);
                    getUI().ifPresent(ui -> ui.navigate(""));
                }));
        delete.setId("delete-project");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        VerticalLayout section = new VerticalLayout(new H3("Delete"), delete);
        section.setPadding(false);
        return section;
    }

    private static void confirm(String header, String text, String action, Runnable onConfirm) {
        ConfirmDialog dialog = new ConfirmDialog(header, text, action, confirmed -> onConfirm.run());
        dialog.setId("confirm");
        dialog.setCancelable(true);
        dialog.setConfirmButtonTheme("error primary");
        dialog.open();
    }
}
