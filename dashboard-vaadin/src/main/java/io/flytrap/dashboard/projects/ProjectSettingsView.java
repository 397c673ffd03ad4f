package io.flytrap.dashboard.projects;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.flytrap.core.access.Caller;
import io.flytrap.core.alerts.AlertChannelService;
import io.flytrap.core.alerts.AlertRuleService;
import io.flytrap.core.alerts.NotificationService;
import io.flytrap.core.projects.Project;
import io.flytrap.core.projects.ProjectDeletionService;
import io.flytrap.core.projects.ProjectKeyService;
import io.flytrap.core.projects.ProjectMemberService;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.sourcemaps.ArtifactService;
import io.flytrap.core.users.ApiTokenService;
import io.flytrap.dashboard.alerts.AlertsSection;
import io.flytrap.dashboard.issues.IssueListView;
import io.flytrap.dashboard.layout.Visible;
import io.flytrap.dashboard.sdk.PublicUrl;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import jakarta.annotation.security.PermitAll;

import java.time.Clock;

/**
 * A project's settings, one section per concern: client keys, source maps and upload tokens, members, alerts,
 * data handling (scrubbing and retention), in-app rules, and deletion for administrators. The view composes the
 * sections and gives each only the services it uses; every change goes through those core services, which
 * check the caller's membership again.
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

    ProjectSettingsView(ProjectService projects, ProjectKeyService keys, ProjectMemberService members,
                        ProjectDeletionService deletion, ArtifactService artifacts, ApiTokenService tokens,
                        PublicUrl publicUrl, Clock clock, AlertRuleService alertRules,
                        AlertChannelService alertChannels, NotificationService notifications,
                        AuthenticationContext authentication) {
        this.projects = projects;
        this.keys = keys;
        this.members = members;
        this.deletion = deletion;
        this.artifacts = artifacts;
        this.tokens = tokens;
        this.publicUrl = publicUrl;
        this.clock = clock;
        this.alertRules = alertRules;
        this.alertChannels = alertChannels;
        this.notifications = notifications;
        this.caller = authentication.getAuthenticatedUser(FlytrapPrincipal.class).orElseThrow().caller();
    }

    public static String url(long projectId) {
        return RouteConfiguration.forSessionScope().getUrl(ProjectSettingsView.class,
                new RouteParameters("projectId", Long.toString(projectId)));
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        long projectId = event.getRouteParameters().getLong("projectId").orElse(-1L);
        Project project = Visible.orNotFound(() -> projects.get(caller, projectId));
        removeAll();
        String issuesUrl = RouteConfiguration.forSessionScope().getUrl(IssueListView.class,
                new RouteParameters("projectId", Long.toString(projectId)));
        add(new Anchor(issuesUrl, "← Issues"), new H2(project.name() + " · settings"));
        add(new ClientKeysSection(projects, keys, publicUrl, clock, caller, projectId),
                new SourceMapsSection(artifacts, publicUrl, clock, caller, projectId,
                        new UploadTokensPanel(tokens, clock, caller, projectId)),
                new MembersSection(members, caller, projectId),
                new AlertsSection(alertRules, alertChannels, notifications, clock, caller, projectId),
                new DataHandlingSection(projects, caller, projectId),
                new InAppRulesSection(projects, caller, projectId),
                new TrackerSection(projects, caller, projectId));
        if (caller.admin()) {
            add(new DeleteProjectSection(deletion, caller, project));
        }
    }
}
