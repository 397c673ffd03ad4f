package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.flytrap.core.access.Caller;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.issues.IssueMergeService;
import io.flytrap.core.issues.IssueStatusService;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.core.projects.Project;
import io.flytrap.core.projects.ProjectKey;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.dashboard.layout.ReleaseLinks;
import io.flytrap.dashboard.layout.Visible;
import io.flytrap.dashboard.sdk.PublicUrl;
import io.flytrap.dashboard.sdk.SdkSettingsPanel;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import io.flytrap.dashboard.security.LiveUpdateAccess;
import jakarta.annotation.security.PermitAll;

import java.time.Clock;

/**
 * A project's issues as a triage queue: filters, search and sort (IssueFilterBar, kept in the URL), lazy paging
 * (IssueGrid), bulk resolve / ignore / delete (BulkActionsBar), and live updates as events arrive
 * (LiveListRefresh). The view loads the data and wires the parts together.
 */
@Route("projects/:projectId/issues")
@PageTitle("Issues · Flytrap")
@PermitAll
public class IssueListView extends VerticalLayout implements BeforeEnterObserver {

    private final ProjectService projects;
    private final IssueQueries issues;
    private final PublicUrl publicUrl;
    private final Caller caller;

    private final H2 title = new H2();
    private final Details setup = new Details("Send errors to this project");
    private final Div emptyState = new Div();
    /** When the search matches nothing: what was asked, and the way back to every issue. */
    private final Div noMatches = new Div();
    private final Paragraph noMatchesText = new Paragraph();
    private final IssueFilterBar filters = new IssueFilterBar();
    private final IssueGrid grid;
    private final BulkActionsBar bulk;

    private final IssueStatusService statuses;
    private final IssueCollaboration collaboration;
    private boolean shown;
    private IssueFilter filter = IssueFilter.unresolved();
    private long projectId;

    IssueListView(ProjectService projects, IssueQueries issues, IssueStatusService statuses, IssueUpdates updates,
                  LiveUpdateAccess liveAccess, PublicUrl publicUrl, Clock clock, AuthenticationContext authentication,
                  IssueCollaboration collaboration, IssueMergeService merges) {
        this.projects = projects;
        this.statuses = statuses;
        this.collaboration = collaboration;
        this.issues = issues;
        this.publicUrl = publicUrl;
        this.caller = authentication.getAuthenticatedUser(FlytrapPrincipal.class).orElseThrow().caller();
        this.grid = new IssueGrid(clock);
        this.bulk = new BulkActionsBar(statuses, merges, caller, collaboration);
        setSizeFull();
        // dense: the rows get the height, not the gaps between the parts above them (issue #22)
        getThemeList().add("spacing-xs");
        title.getStyle().set("margin", "0");
        filters.addFiltersChangedListener(changed -> filtersChanged());
        noMatches.setId("no-matches");
        noMatchesText.setId("no-matches-text");
        Button clear = new Button("Clear search", click -> filters.clear());
        clear.setId("clear-search");
        noMatches.add(noMatchesText, clear);
        grid.addSelectionListener(selection -> bulk.setSelection(selection.getAllSelectedItems()));
        bulk.onPageSelection(selectAll -> {
            if (selectAll) {
                grid.selectLoaded();
            } else {
                grid.deselectAll();
            }
        });
        bulk.addBulkActionDoneListener(done -> {
            grid.deselectAll();
            refresh();
        });
        LiveListRefresh.bind(this, updates, liveAccess, caller, () -> projectId, this::refresh);
    }

    public static void open(long projectId) {
        UI.getCurrent().navigate(IssueListView.class, new RouteParameters("projectId", Long.toString(projectId)));
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        projectId = event.getRouteParameters().getLong("projectId").orElse(-1L);
        Project project = Visible.orNotFound(() -> projects.get(caller, projectId));
        title.setText(project.name());
        filters.setChoices(issues.searchValues(caller, projectId));
        filters.restore(event.getLocation().getQueryParameters());
        filter = filters.filter();

        grid.setRows(new IssueGrid.Rows() {
            @Override
            public java.util.List<IssueSummary> fetch(int offset, int limit) {
                return issues.search(caller, projectId, filter, offset, limit);
            }

            @Override
            public long count() {
                return issues.count(caller, projectId, filter);
            }
        });
        shown = true;

        ProjectKey key = projects.keys(caller, projectId).stream().filter(ProjectKey::active).findFirst().orElse(null);
        setup.removeAll();
        if (key != null) {
            setup.add(new SdkSettingsPanel(publicUrl.sdkSettings(projectId, key.publicKey())));
        }
        emptyState.removeAll();
        emptyState.setId("no-issues");
        emptyState.add(new Paragraph("No errors yet. They appear here as soon as they arrive."));

        removeAll();
        add(heading(), setup, filters, bulk, emptyState, noMatches, grid, keyboardShortcuts());
        updateCounts();
        setup.setOpened(emptyState.isVisible());
    }

    /** The project's name, with links to its settings and releases. */
    private HorizontalLayout heading() {
        // by URL, not by class: the projects feature links to issues, so issues must not depend back on it
        Anchor settings = new Anchor("projects/" + projectId + "/settings", "Settings, keys & members");
        settings.setId("project-settings");
        Anchor releasesLink = new Anchor(ReleaseLinks.releases(projectId), "Releases");
        releasesLink.setId("project-releases");
        HorizontalLayout heading = new HorizontalLayout(title, settings, releasesLink);
        heading.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        heading.setWrap(true); // the links go under the name on a phone, not off the screen
        return heading;
    }

    /**
     * j/k move the cursor row, Enter opens it, x selects it, r / i resolve or ignore the selection (with the
     * buttons' confirmation) or else the cursor's issue, e assigns it to the user, / goes to the search, ? lists them.
     */
    private KeyboardShortcuts keyboardShortcuts() {
        return new KeyboardShortcuts("list-shortcuts")
                .on("j", "Next issue", () -> grid.moveCursor(1))
                .on("k", "Previous issue", () -> grid.moveCursor(-1))
                .on("Enter", "Open the issue", () -> grid.cursor().ifPresent(issue -> IssueView.open(issue.id())))
                .on("x", "Select or clear the issue", grid::toggleCursorSelection)
                .on("r", "Resolve the selected issues, or else this one", () -> {
                    if (bulk.hasSelection()) {
                        bulk.resolveSelection();
                    } else {
                        grid.cursor().ifPresent(issue -> keyed("Resolved", () -> statuses.resolve(caller, issue.id(), null)));
                    }
                })
                .on("i", "Ignore the selected issues, or else this one", () -> {
                    if (bulk.hasSelection()) {
                        bulk.ignoreSelection();
                    } else {
                        grid.cursor().ifPresent(issue -> keyed("Ignored", () -> statuses.ignore(caller, issue.id(), null, null)));
                    }
                })
                .on("e", "Assign the issue to me", () -> grid.cursor().ifPresent(issue -> assignToMe(issue.id())))
                .on("/", "Search", filters::focusSearch);
    }

    private void keyed(String done, Runnable change) {
        change.run();
        refresh();
        Notification.show(done, 2000, Notification.Position.BOTTOM_START);
    }

    private void assignToMe(long issueId) {
        if (collaboration.assignToMe(caller, issueId)) {
            refresh();
        }
    }

    private void filtersChanged() {
        if (!shown) {
            return;
        }
        filter = filters.filter();
        grid.deselectAll();
        refresh();
        // a new history entry per change: the back button returns to the previous filters (beforeEnter restores them)
        UI.getCurrent().getPage().getHistory().pushState(null,
                new Location("projects/" + projectId + "/issues", filters.toQuery()));
    }

    private void refresh() {
        grid.refresh();
        updateCounts();
    }

    private void updateCounts() {
        long matching = issues.count(caller, projectId, filter);
        bulk.setQuery(projectId, filter);
        bulk.setTotal(matching);
        // the project as a whole is only worth counting when this filter shows nothing
        boolean noIssuesAtAll = matching == 0 && issues.count(caller, projectId, IssueFilter.all()) == 0;
        if (emptyState.isVisible() && !noIssuesAtAll) {
            setup.setOpened(false); // the first error arrived: the setup instructions did their job
        }
        emptyState.setVisible(noIssuesAtAll);
        noMatches.setVisible(matching == 0 && !noIssuesAtAll);
        noMatchesText.setText("No issues match " + filters.describe() + ".");
    }
}
