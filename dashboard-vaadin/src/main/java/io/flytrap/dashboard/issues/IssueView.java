package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
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
import io.flytrap.core.issues.ActivityQueries;
import io.flytrap.core.issues.EventQueries;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.issues.IssueStatusService;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.dashboard.layout.Visible;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import jakarta.annotation.security.PermitAll;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * One issue: what happened, where (stack frames, most recent call first, as Sentry shows them) and in what
 * request and runtime. The page is composed of one component per concern and redrawn whole after a change.
 * Event data is untrusted: every component sets it as text, never as HTML.
 */
@Route("issues/:issueId")
@PageTitle("Issue · Flytrap")
@PermitAll
public class IssueView extends VerticalLayout implements BeforeEnterObserver {

    private final IssueQueries issues;
    private final EventQueries events;
    private final IssueStatusService statuses;
    private final ActivityQueries activity;
    private final Clock clock;
    private final Caller caller;
    private long issueId;
    /** The event shown: null for the newest. */
    private UUID eventId;

    IssueView(IssueQueries issues, EventQueries events, IssueStatusService statuses, ActivityQueries activity,
              Clock clock, AuthenticationContext authentication) {
        this.issues = issues;
        this.events = events;
        this.statuses = statuses;
        this.activity = activity;
        this.clock = clock;
        this.caller = authentication.getAuthenticatedUser(FlytrapPrincipal.class).orElseThrow().caller();
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
        removeAll();
        String listUrl = RouteConfiguration.forSessionScope().getUrl(IssueListView.class,
                new RouteParameters("projectId", Long.toString(issue.projectId())));
        H2 title = new H2(issue.title());
        title.setId("issue-title");
        Span culprit = new Span(issue.culprit() == null ? "" : issue.culprit());
        culprit.setId("issue-culprit");
        IssueStatusActions actions = new IssueStatusActions(statuses, issues, caller, issue);
        actions.addStatusChangedListener(changed -> show());
        add(new Anchor(listUrl, "← All issues"), title, culprit, actions, new IssueFacts(issue, clock.instant()),
                new OccurrenceCharts(activity, clock, caller, issueId), new TagFacets(events.facets(caller, issueId)));
        Optional<EventQueries.EventPage> page = events.event(caller, issueId, eventId);
        if (page.isEmpty() && eventId != null) {
            page = events.event(caller, issueId, null); // an unknown or expired event id: show the newest instead
        }
        page.ifPresent(found -> {
            EventNavigation navigation = new EventNavigation(found);
            navigation.addEventChosenListener(chosen -> showEvent(chosen.eventId()));
            add(navigation);
            if (!found.event().exceptions().isEmpty()) {
                add(new StackTraces(found.event().exceptions()));
            }
            if (!found.event().breadcrumbs().isEmpty()) {
                add(new BreadcrumbList(found.event().breadcrumbs()));
            }
            add(new EventMetadata(found.event()));
        });
    }

    /** Another event of the same issue; the URL follows, so it can be shared, without a new history entry. */
    private void showEvent(UUID target) {
        eventId = target;
        UI.getCurrent().getPage().getHistory().replaceState(null, new Location("issues/" + issueId,
                target == null ? QueryParameters.empty() : QueryParameters.of("event", target.toString())));
        show();
    }

    private static UUID uuidOrNull(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
    }
}
