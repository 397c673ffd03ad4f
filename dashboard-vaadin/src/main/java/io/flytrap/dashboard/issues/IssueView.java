package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.flytrap.core.access.Caller;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.issues.ActivityQueries;
import io.flytrap.core.issues.EventQueries;
import io.flytrap.core.issues.IssueActivity;
import io.flytrap.core.issues.IssueComments;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.issues.IssueMergeService;
import io.flytrap.core.issues.IssueStatusService;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.dashboard.layout.Visible;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import io.flytrap.dashboard.security.LiveUpdateAccess;
import jakarta.annotation.security.PermitAll;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One issue: what happened, where (stack frames, most recent call first, as Sentry shows them) and in what
 * request and runtime, with a tab listing all its events. The page is live: when the project's issues change
 * (new events, a status set in another session, a regression) the summary and the event position are redrawn
 * through push, while the event shown, its toggles and the tab stay as they are. The Activity tab holds the issue's
 * history and its comments, redrawn with the summary. Event data and comments are untrusted: every component sets
 * them as text, never as HTML.
 */
@Route("issues/:issueId")
@PageTitle("Issue · Flytrap")
@PermitAll
public class IssueView extends VerticalLayout implements BeforeEnterObserver {

    private final IssueQueries issues;
    private final EventQueries events;
    private final IssueStatusService statuses;
    private final ActivityQueries activity;
    private final IssueActivity history;
    private final IssueCollaboration collaboration;
    private final Clock clock;
    private final IssueMergeService merges;
    private final Caller caller;
    private final Div summary = new Div();
    private final Div navigation = new Div();
    private final Div eventDetails = new Div();
    private final TabSheet tabs = new TabSheet();
    private final Div eventListHolder = new Div();
    private final ActivityTab activityTab;
    private EventListTab eventList;
    private long issueId;
    private long projectId;
    /** The event shown: null for the newest. */
    private UUID eventId;
    /** The event the page shows, kept while live updates redraw the rest. */
    private UUID shownEventId;
    /** The issue as last drawn: a change elsewhere in the project that leaves it as it was redraws nothing. */
    private IssueSummary shownIssue;
    /** The event shown with its neighbours, for the j/k keys. */
    private EventQueries.EventPage shownPage;

    IssueView(IssueQueries issues, EventQueries events, IssueStatusService statuses, ActivityQueries activity,
              IssueActivity history, IssueComments comments, Clock clock, AuthenticationContext authentication,
              IssueUpdates updates, LiveUpdateAccess access, IssueCollaboration collaboration,
              IssueMergeService merges) {
        this.collaboration = collaboration;
        this.merges = merges;
        this.issues = issues;
        this.events = events;
        this.statuses = statuses;
        this.activity = activity;
        this.history = history;
        this.clock = clock;
        this.caller = authentication.getAuthenticatedUser(FlytrapPrincipal.class).orElseThrow().caller();
        this.activityTab = new ActivityTab(history, comments, caller, clock, () -> issueId);
        summary.setWidthFull();
        eventDetails.setWidthFull();
        eventDetails.getStyle().set("min-width", "0");
        tabs.setWidthFull();
        tabs.setId("issue-tabs");
        tabs.add("Event", new Div(navigation, eventDetails)).setId("event-tab");
        tabs.add("All events", eventListHolder).setId("events-tab");
        tabs.add("Activity", activityTab).setId("activity-tab");
        add(summary, tabs, keyboardShortcuts());
        LiveListRefresh.bind(this, updates, access, caller, () -> projectId, this::refreshLive);
    }

    public static void open(long issueId) {
        UI.getCurrent().navigate(IssueView.class, new RouteParameters("issueId", Long.toString(issueId)));
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        issueId = event.getRouteParameters().getLong("issueId").orElse(-1L);
        eventId = event.getLocation().getQueryParameters().getSingleParameter("event").map(IssueView::uuidOrNull).orElse(null);
        show();
    }

    private void show() {
        IssueSummary issue = Visible.orNotFound(() -> issues.get(caller, issueId));
        projectId = issue.projectId();
        showSummary(issue);
        eventDetails.removeAll();
        shownEventId = null;
        shownPage = null;
        Optional<EventQueries.EventPage> page = events.event(caller, issueId, eventId);
        if (page.isEmpty() && eventId != null) {
            page = events.event(caller, issueId, null); // an unknown or expired event id: show the newest instead
        }
        page.ifPresent(found -> {
            shownEventId = found.event().eventId();
            shownPage = found;
            showNavigation(found);
            eventDetails.add(new EventDetails(issueId, found.event(), () -> events.storedJson(caller, issueId,
                    found.event().eventId()).orElse(null)));
        });
        eventList = new EventListTab(events, caller, issueId);
        eventListHolder.removeAll();
        eventListHolder.add(eventList);
        tabs.setSelectedIndex(0); // a row of the events tab leads here: show the event it names
    }

    private void showSummary(IssueSummary issue) {
        shownIssue = issue;
        summary.removeAll();
        String listUrl = RouteConfiguration.forSessionScope().getUrl(IssueListView.class,
                new RouteParameters("projectId", Long.toString(issue.projectId())));
        H2 title = new H2(issue.title());
        title.setId("issue-title");
        title.getStyle().set("overflow-wrap", "anywhere");
        Span culprit = new Span(issue.culprit() == null ? "" : issue.culprit());
        culprit.setId("issue-culprit");
        IssueStatusActions actions = new IssueStatusActions(statuses, issues, caller, issue);
        actions.addStatusChangedListener(changed -> refreshLive());
        List<IssueActivity.Entry> timeline = history.timeline(caller, issueId);
        activityTab.show(timeline);
        summary.add(new Anchor(listUrl, "← All issues"), title, culprit, actions,
                collaboration.row(caller, issue, this::redrawSummary),
                new MergedFromNotice(merges, caller, issueId, this::show), new MergedIntoNotice(merges, caller, issueId),
                new RegressionMarker(issue, timeline, clock.instant()), new IssueFacts(issue, clock.instant()),
                new OccurrenceCharts(activity, clock, caller, issueId), new TagFacets(events.facets(caller, issueId)));
    }

    private void showNavigation(EventQueries.EventPage page) {
        navigation.removeAll();
        EventNavigation buttons = new EventNavigation(page);
        buttons.addEventChosenListener(chosen -> showEvent(chosen.eventId()));
        navigation.add(buttons);
    }

    /**
     * What another session or new events changed: the summary (counts, status, charts, facets), where the shown
     * event now stands among the issue's events, and the events tab while it is on its first page. The event
     * itself stays. An issue deleted meanwhile says so instead of vanishing.
     */
    private void refreshLive() {
        IssueSummary issue;
        try {
            issue = issues.get(caller, issueId);
        } catch (NotFoundException deleted) {
            summary.removeAll();
            tabs.setVisible(false);
            Span gone = new Span("This issue was deleted.");
            gone.setId("issue-deleted");
            summary.add(gone);
            return;
        }
        if (issue.equals(shownIssue)) {
            return; // another issue of the project changed
        }
        showSummary(issue);
        if (shownEventId != null) {
            events.event(caller, issueId, shownEventId).ifPresent(this::showNavigation);
        }
        if (eventList != null) {
            eventList.refreshFirstPage();
        }
    }

    /** Assigns this issue to whoever is signed in, as the "Assign to me" button does (for a keyboard shortcut). */
    public void assignToMe() {
        collaboration.assignToMe(caller, issueId);
        redrawSummary();
    }

    /** Redrawn even if the issue is unchanged: a refused choice must not stay shown in its field. */
    private void redrawSummary() {
        shownIssue = null;
        refreshLive();
    }

    /** Another event of the same issue; the URL follows, so it can be shared, without a new history entry. */
    private void showEvent(UUID target) {
        eventId = target;
        UI.getCurrent().getPage().getHistory().replaceState(null, new Location("issues/" + issueId,
                target == null ? QueryParameters.empty() : QueryParameters.of("event", target.toString())));
        show();
    }

    /** j/k older and newer event (as the Older / Newer buttons), r resolve, i ignore, e assign to me, ? the list. */
    private KeyboardShortcuts keyboardShortcuts() {
        return new KeyboardShortcuts("issue-shortcuts")
                .on("j", "Next (older) event", () -> {
                    if (shownPage != null && shownPage.older() != null) {
                        showEvent(shownPage.older());
                    }
                })
                .on("k", "Previous (newer) event", () -> {
                    if (shownPage != null && shownPage.newer() != null) {
                        showEvent(shownPage.newer());
                    }
                })
                .on("r", "Resolve", () -> {
                    statuses.resolve(caller, issueId, null);
                    refreshLive();
                })
                .on("i", "Ignore", () -> {
                    statuses.ignore(caller, issueId, null, null);
                    refreshLive();
                })
                .on("e", "Assign to me", () -> {
                    if (collaboration.assignToMe(caller, issueId)) {
                        refreshLive();
                    }
                });
    }

    private static UUID uuidOrNull(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
    }
}
