package io.flytrap.dashboard.releases;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.flytrap.core.access.Caller;
import io.flytrap.core.projects.Project;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.releases.Release;
import io.flytrap.core.releases.ReleaseService;
import io.flytrap.dashboard.issues.TimeFormat;
import io.flytrap.dashboard.layout.ReleaseLinks;
import io.flytrap.dashboard.layout.Visible;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import jakarta.annotation.security.PermitAll;

import java.time.Clock;

/** A project's releases, newest first, each linking to its page. */
@Route("projects/:projectId/releases")
@PageTitle("Releases · Flytrap")
@PermitAll
class ReleasesView extends VerticalLayout implements BeforeEnterObserver {

    private final ReleaseService releases;
    private final ProjectService projects;
    private final Clock clock;
    private final Caller caller;

    ReleasesView(ReleaseService releases, ProjectService projects, Clock clock, AuthenticationContext authentication) {
        this.releases = releases;
        this.projects = projects;
        this.clock = clock;
        this.caller = authentication.getAuthenticatedUser(FlytrapPrincipal.class).orElseThrow().caller();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        long projectId = event.getRouteParameters().getLong("projectId").orElse(-1L);
        Project project = Visible.orNotFound(() -> projects.get(caller, projectId));
        Grid<Release> grid = new Grid<>();
        grid.setId("releases");
        grid.addComponentColumn(release -> new Anchor(ReleaseLinks.release(projectId, release.version()), release.version()))
                .setHeader("Release").setFlexGrow(3);
        grid.addColumn(release -> release.firstEvent() == null ? "no events yet" : TimeFormat.ago(release.firstEvent(), clock.instant()))
                .setHeader("First seen");
        grid.addColumn(Release::newIssues).setHeader("New issues");
        grid.addColumn(release -> release.dateReleased() == null ? "not finalized" : TimeFormat.exact(release.dateReleased()))
                .setHeader("Released");
        grid.addColumn(Release::deployCount).setHeader("Deploys");
        grid.setItems(releases.list(caller, projectId, ReleaseService.MAX_LIST));
        removeAll();
        add(new Anchor("projects/" + projectId + "/issues", "← Issues"), new H2("Releases of " + project.name()), grid);
    }
}
