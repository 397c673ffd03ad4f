package io.flytrap.dashboard.releases;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.flytrap.core.access.Caller;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.core.releases.Deploy;
import io.flytrap.core.releases.Release;
import io.flytrap.core.releases.ReleaseCommit;
import io.flytrap.core.releases.ReleaseService;
import io.flytrap.dashboard.issues.TimeFormat;
import io.flytrap.dashboard.layout.ReleaseLinks;
import io.flytrap.dashboard.layout.Visible;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import jakarta.annotation.security.PermitAll;

import java.time.Clock;
import java.time.Instant;

/**
 * One release of a project: when it was first seen, the issues it brought, where it was deployed and its
 * commits. Release names, commit messages and deploy names are untrusted: all set as text.
 */
@Route("projects/:projectId/release")
@PageTitle("Release · Flytrap")
@PermitAll
class ReleaseView extends VerticalLayout implements BeforeEnterObserver {

    static final int NEW_ISSUES_SHOWN = 50;

    private final ReleaseService releases;
    private final IssueQueries issues;
    private final Clock clock;
    private final Caller caller;

    ReleaseView(ReleaseService releases, IssueQueries issues, Clock clock, AuthenticationContext authentication) {
        this.releases = releases;
        this.issues = issues;
        this.clock = clock;
        this.caller = authentication.getAuthenticatedUser(FlytrapPrincipal.class).orElseThrow().caller();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        long projectId = event.getRouteParameters().getLong("projectId").orElse(-1L);
        String version = event.getLocation().getQueryParameters().getSingleParameter("version")
                .orElseThrow(NotFoundException::new);
        show(Visible.orNotFound(() -> releases.get(caller, projectId, version)));
    }

    private void show(Release release) {
        removeAll();
        H2 title = new H2(release.version());
        title.setId("release-version");
        add(new Anchor(ReleaseLinks.releases(release.projectId()), "← All releases"), title, facts(release));

        add(new H3("New issues in this release"));
        Grid<IssueSummary> newIssues = new Grid<>();
        newIssues.setId("release-new-issues");
        newIssues.addComponentColumn(issue -> new Anchor("issues/" + issue.id(), issue.title())).setHeader("Issue").setFlexGrow(4);
        newIssues.addColumn(IssueSummary::eventCount).setHeader("Events").setFlexGrow(0).setWidth("7em");
        newIssues.addColumn(issue -> TimeFormat.ago(issue.firstSeen(), clock.instant())).setHeader("First seen").setWidth("9em");
        newIssues.setItems(issues.newIn(caller, release.projectId(), release.version(), NEW_ISSUES_SHOWN));
        newIssues.setAllRowsVisible(true);
        add(release.newIssues() == 0 ? empty("No issue was first seen in this release.") : newIssues);

        add(new H3("Deploys"));
        Grid<Deploy> deploys = new Grid<>();
        deploys.setId("release-deploys");
        deploys.addColumn(Deploy::environment).setHeader("Environment");
        deploys.addColumn(deploy -> deploy.name() == null ? "" : deploy.name()).setHeader("Name");
        deploys.addColumn(deploy -> deploy.url() == null ? "" : deploy.url()).setHeader("URL");
        deploys.addColumn(deploy -> TimeFormat.exact(deploy.dateFinished())).setHeader("Finished");
        deploys.setItems(releases.deploys(caller, release.projectId(), release.version()));
        deploys.setAllRowsVisible(true);
        add(release.deployCount() == 0 ? empty("Not deployed yet (sentry-cli deploys new).") : deploys);

        add(new H3("Commits"));
        Grid<ReleaseCommit> commits = new Grid<>();
        commits.setId("release-commits");
        commits.addColumn(commit -> commit.id().substring(0, Math.min(12, commit.id().length()))).setHeader("Commit").setWidth("9em").setFlexGrow(0);
        commits.addColumn(commit -> commit.message() == null ? "" : commit.message().lines().findFirst().orElse("")).setHeader("Message").setFlexGrow(4);
        commits.addColumn(commit -> commit.authorName() == null ? "" : commit.authorName()).setHeader("Author");
        commits.addColumn(commit -> TimeFormat.exact(commit.timestamp())).setHeader("Committed");
        commits.setItems(releases.commits(caller, release.projectId(), release.version()));
        commits.setAllRowsVisible(true);
        add(release.commitCount() == 0 ? empty("No commits (sentry-cli releases set-commits).") : commits);
    }

    private HorizontalLayout facts(Release release) {
        HorizontalLayout facts = new HorizontalLayout(
                fact("First seen", "release-first-seen", when(release.firstEvent(), "no events yet")),
                fact("Last seen", "release-last-seen", when(release.lastEvent(), "no events yet")),
                fact("New issues", "release-new-issue-count", Long.toString(release.newIssues())),
                fact("Released", "release-released", release.dateReleased() == null ? "not finalized"
                        : TimeFormat.exact(release.dateReleased())),
                fact("Created", "release-created", TimeFormat.exact(release.createdAt())));
        facts.setWrap(true);
        return facts;
    }

    private String when(Instant instant, String otherwise) {
        return instant == null ? otherwise : TimeFormat.ago(instant, clock.instant()) + " (" + TimeFormat.exact(instant) + ")";
    }

    private static Div fact(String label, String id, String value) {
        Span name = new Span(label);
        name.getStyle().set("display", "block").set("font-size", "var(--lumo-font-size-xs)")
                .set("color", "var(--lumo-secondary-text-color)");
        Span shown = new Span(value);
        shown.setId(id);
        Div fact = new Div(name, shown);
        fact.getStyle().set("min-width", "7em");
        return fact;
    }

    private static Paragraph empty(String text) {
        Paragraph paragraph = new Paragraph(text);
        paragraph.getStyle().set("color", "var(--lumo-secondary-text-color)");
        return paragraph;
    }
}
