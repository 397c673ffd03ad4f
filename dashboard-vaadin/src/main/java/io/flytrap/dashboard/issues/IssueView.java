package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.flytrap.core.access.Caller;
import io.flytrap.core.event.Breadcrumb;
import io.flytrap.core.event.ClientInfo;
import io.flytrap.core.event.Event;
import io.flytrap.core.event.ExceptionInfo;
import io.flytrap.core.event.SourceLine;
import io.flytrap.core.event.StackFrame;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.issues.IssueStatusService;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.dashboard.layout.ReleaseLinks;
import io.flytrap.dashboard.layout.Visible;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import jakarta.annotation.security.PermitAll;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.QueryParameters;
import io.flytrap.core.issues.EventQueries;
import java.util.Locale;
import java.util.stream.IntStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import io.flytrap.core.issues.ActivityQueries;
import io.flytrap.dashboard.charts.BarChart;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;

/**
 * One issue: what happened, where (stack frames, most recent call first, as Sentry shows them) and in what
 * request and runtime. Event data is untrusted: every value is set as text, never as HTML.
 */
@Route("issues/:issueId")
@PageTitle("Issue · Flytrap")
@PermitAll
public class IssueView extends VerticalLayout implements BeforeEnterObserver {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("EEE HH:00 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

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
        add(new Anchor(listUrl, "← All issues"), title, culprit, actions(issue), summary(issue), occurrences(), facets());
        Optional<EventQueries.EventPage> page = events.event(caller, issueId, eventId);
        if (page.isEmpty() && eventId != null) {
            page = events.event(caller, issueId, null); // an unknown or expired event id: show the newest instead
        }
        page.ifPresent(found -> {
            add(eventNavigation(found));
            showEvent(found.event());
        });
    }

    private static UUID uuidOrNull(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
    }

    /** Newest / newer / older, and where this event stands among all of the issue's events. */
    private HorizontalLayout eventNavigation(EventQueries.EventPage page) {
        Button newest = eventButton("Newest", "newest-event", null, page.newer() != null);
        Button newer = eventButton("← Newer", "newer-event", page.newer(), page.newer() != null);
        Button older = eventButton("Older →", "older-event", page.older(), page.older() != null);
        Span position = new Span("Event " + (page.newerCount() + 1) + " of " + page.total() + " (newest first)");
        position.setId("event-position");
        position.getStyle().set("color", "var(--lumo-secondary-text-color)");
        HorizontalLayout navigation = new HorizontalLayout(newest, newer, older, position);
        navigation.setDefaultVerticalComponentAlignment(Alignment.CENTER);
        return navigation;
    }

    private Button eventButton(String caption, String id, UUID target, boolean enabled) {
        Button button = new Button(caption, click -> {
            eventId = target;
            UI.getCurrent().getPage().getHistory().replaceState(null, new Location("issues/" + issueId,
                    target == null ? QueryParameters.empty() : QueryParameters.of("event", target.toString())));
            show();
        });
        button.setId(id);
        button.setEnabled(enabled);
        button.addThemeVariants(ButtonVariant.SMALL);
        return button;
    }

    /** Tag and context distributions over the newest events, as bars with counts. All values are text. */
    private Div facets() {
        Div facets = new Div();
        facets.setId("facets");
        facets.addClassName("facets");
        for (EventQueries.Facet facet : events.facets(caller, issueId)) {
            Div box = new Div();
            box.addClassName("facet");
            Span name = new Span(facet.name());
            name.addClassName("facet-name");
            box.add(name);
            for (EventQueries.FacetValue value : facet.values()) {
                box.add(facetRow(value.value(), value.count(), facet.sampled()));
            }
            if (facet.otherCount() > 0) {
                box.add(facetRow("other", facet.otherCount(), facet.sampled()));
            }
            facets.add(box);
        }
        return facets;
    }

    private static Div facetRow(String value, long count, long sampled) {
        long percent = sampled == 0 ? 0 : Math.round(100.0 * count / sampled);
        Span label = new Span(value);
        label.addClassName("facet-value");
        label.setTitle(value);
        Span share = new Span(percent + "%");
        share.addClassName("facet-share");
        Div bar = new Div();
        bar.addClassName("facet-bar");
        bar.getStyle().set("width", Math.max(1, percent) + "%");
        Div row = new Div(label, share, bar);
        row.addClassName("facet-row");
        return row;
    }

    /** Resolve, ignore or reopen; the page redraws with the new status. */
    private HorizontalLayout actions(IssueSummary issue) {
        HorizontalLayout actions = new HorizontalLayout();
        if (!"unresolved".equals(issue.status())) {
            actions.add(action("Reopen", "reopen", () -> statuses.reopen(caller, issueId)));
        }
        if (!"resolved".equals(issue.status())) {
            actions.add(action("Resolve", "resolve", () -> statuses.resolve(caller, issueId, null)));
            Button inRelease = new Button("Resolve in release…", click -> openResolveInRelease(issue));
            inRelease.setId("resolve-in-release");
            inRelease.addThemeVariants(ButtonVariant.SMALL);
            actions.add(inRelease);
        }
        if (!"ignored".equals(issue.status())) {
            actions.add(action("Ignore", "ignore", () -> statuses.ignore(caller, issueId, null, null)));
            actions.add(action("Ignore 24 h", "ignore-day", () -> statuses.ignore(caller, issueId, java.time.Duration.ofDays(1), null)));
            actions.add(action("Ignore next 100 events", "ignore-100", () -> statuses.ignore(caller, issueId, null, 100L)));
        }
        Button delete = new Button("Delete", click -> confirmDelete(issue));
        delete.setId("delete-issue");
        delete.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.LUMO_ERROR);
        actions.add(delete);
        actions.setWrap(true);
        return actions;
    }

    /** Events from releases older than the chosen one will not reopen the issue; a release not seen yet is fine. */
    private void openResolveInRelease(IssueSummary issue) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Resolve in release");
        ComboBox<String> release = new ComboBox<>("Release");
        release.setId("release-choice");
        release.setItems(issues.releases(caller, issue.projectId()));
        release.setAllowCustomValue(true);
        release.addCustomValueSetListener(custom -> release.setValue(custom.getDetail()));
        if (issue.lastRelease() != null) {
            release.setValue(issue.lastRelease());
        }
        release.setHelperText("Events from older releases leave the issue resolved");
        Paragraph problem = new Paragraph();
        Button resolve = new Button("Resolve", click -> {
            if (release.getValue() == null || release.getValue().isBlank()) {
                problem.setText("Choose or type a release");
                return;
            }
            try {
                statuses.resolve(caller, issueId, release.getValue());
                dialog.close();
                show();
            } catch (IllegalArgumentException invalid) {
                problem.setText(invalid.getMessage());
            }
        });
        resolve.setId("confirm-resolve-in-release");
        resolve.addThemeVariants(ButtonVariant.PRIMARY);
        dialog.add(new VerticalLayout(release, problem));
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), resolve);
        dialog.open();
    }

    private void confirmDelete(IssueSummary issue) {
        ConfirmDialog dialog = new ConfirmDialog("Delete this issue?",
                "Its " + issue.eventCount() + " events are deleted too. If it happens again, it comes back as a new issue.",
                "Delete", confirmed -> {
                    statuses.delete(caller, issueId);
                    IssueListView.open(issue.projectId());
                });
        dialog.setId("confirm-delete");
        dialog.setCancelable(true);
        dialog.setConfirmButtonTheme("error primary");
        dialog.open();
    }

    /** Occurrences over the last 24 hours (per hour) and 14 days (per day), drawn on the server. */
    private HorizontalLayout occurrences() {
        Instant now = clock.instant();
        List<Long> hourly = activity.hourlyOccurrences(caller, issueId);
        Instant firstHour = now.truncatedTo(ChronoUnit.HOURS).minus(hourly.size() - 1L, ChronoUnit.HOURS);
        List<String> hours = IntStream.range(0, hourly.size())
                .mapToObj(i -> HOUR.format(firstHour.plus(i, ChronoUnit.HOURS))).toList();
        List<Long> daily = activity.dailyOccurrences(caller, issueId);
        Instant firstDay = now.truncatedTo(ChronoUnit.DAYS).minus(daily.size() - 1L, ChronoUnit.DAYS);
        List<String> days = IntStream.range(0, daily.size())
                .mapToObj(i -> DAY.format(firstDay.plus(i, ChronoUnit.DAYS))).toList();
        Div last24 = new Div(caption("Last 24 hours"), BarChart.of(hourly, hours, "events", 288, 48, "Events per hour, last 24 hours"));
        Div last14 = new Div(caption("Last 14 days"), BarChart.of(daily, days, "events", 288, 48, "Events per day, last 14 days"));
        HorizontalLayout charts = new HorizontalLayout(last24, last14);
        charts.setId("occurrences");
        charts.setWrap(true);
        return charts;
    }

    private static Span caption(String text) {
        Span caption = new Span(text);
        caption.getStyle().set("display", "block").set("font-size", "var(--lumo-font-size-xs)")
                .set("color", "var(--lumo-secondary-text-color)");
        return caption;
    }

    private Button action(String caption, String id, Runnable change) {
        Button button = new Button(caption, click -> {
            change.run();
            show();
        });
        button.setId(id);
        button.addThemeVariants(ButtonVariant.SMALL);
        return button;
    }

    private HorizontalLayout summary(IssueSummary issue) {
        HorizontalLayout facts = new HorizontalLayout(
                fact("Status", issue.resolvedIn() == null ? issue.status() : issue.status() + " in " + issue.resolvedIn()),
                fact("Level", issue.level()),
                fact("Events", Long.toString(issue.eventCount())),
                fact("Users", Long.toString(issue.userCount())),
                fact("First seen", TimeFormat.ago(issue.firstSeen(), clock.instant())),
                fact("Last seen", TimeFormat.ago(issue.lastSeen(), clock.instant())),
                fact("Handled", issue.unhandled() ? "no" : "yes"),
                releasesFact(issue));
        facts.setWrap(true);
        return facts;
    }

    /** First and last release, each a link to its page; the names are event data, set as text. */
    private static Div releasesFact(IssueSummary issue) {
        Div fact = fact("Releases", "");
        Span value = (Span) fact.getComponentAt(1);
        value.setId("issue-releases");
        if (issue.firstRelease() == null && issue.lastRelease() == null) {
            value.setText("none");
            return fact;
        }
        if (issue.firstRelease() != null) {
            value.add(releaseLink(issue.projectId(), issue.firstRelease()));
        }
        if (issue.lastRelease() != null && !issue.lastRelease().equals(issue.firstRelease())) {
            value.add(new Span(issue.firstRelease() == null ? "? → " : " → "), releaseLink(issue.projectId(), issue.lastRelease()));
        }
        return fact;
    }

    private static Anchor releaseLink(long projectId, String version) {
        return new Anchor(ReleaseLinks.release(projectId, version), version);
    }

    private static Div fact(String label, String value) {
        Span name = new Span(label);
        name.getStyle().set("display", "block").set("font-size", "var(--lumo-font-size-xs)")
                .set("color", "var(--lumo-secondary-text-color)");
        Div fact = new Div(name, new Span(value));
        fact.getStyle().set("min-width", "7em");
        return fact;
    }

    private void showEvent(Event event) {
        for (ExceptionInfo exception : event.exceptions().reversed()) {
            add(new H3(exception.type() == null ? "Error" : exception.type()));
            Paragraph message = new Paragraph(exception.message() == null ? "" : exception.message());
            message.setId("event-message");
            message.getStyle().set("white-space", "pre-wrap");
            add(message);
            if (exception.frames().isEmpty()) {
                if (exception.rawStack() != null) {
                    add(new Pre(exception.rawStack()));
                }
            } else {
                add(frames(exception.frames()));
            }
        }
        if (!event.breadcrumbs().isEmpty()) {
            add(new H3("Breadcrumbs"), breadcrumbs(event));
        }
        add(new H3("Details"), metadata(event));
    }

    private VerticalLayout frames(List<StackFrame> callerFirst) {
        VerticalLayout list = new VerticalLayout();
        list.setId("frames");
        list.setPadding(false);
        list.setSpacing(false);
        for (StackFrame frame : callerFirst.reversed()) {
            Div row = new Div();
            row.addClassName("frame");
            if (frame.inApp()) {
                row.addClassName("in-app");
            }
            row.getStyle().set("padding", "var(--lumo-space-xs) 0").set("border-bottom", "1px solid var(--lumo-contrast-10pct)")
                    .set("width", "100%");
            Span location = new Span(location(frame));
            location.getStyle().set("font-family", "monospace");
            if (!frame.inApp()) {
                location.getStyle().set("color", "var(--lumo-secondary-text-color)");
            }
            row.add(location);
            if (!frame.context().isEmpty()) {
                // The app's own frames open with their code; library frames keep it folded until asked
                Details code = new Details("Source", new Pre(context(frame)));
                code.addClassName("frame-context");
                code.setOpened(frame.inApp());
                row.add(code);
            }
            list.add(row);
        }
        return list;
    }

    private static String location(StackFrame frame) {
        StringBuilder text = new StringBuilder();
        if (frame.function() != null) {
            text.append(frame.module() != null ? frame.module() + "." : "").append(frame.function()).append(" at ");
        }
        text.append(frame.file() == null ? "?" : frame.file());
        if (frame.line() != null) {
            text.append(':').append(frame.line());
            if (frame.column() != null) {
                text.append(':').append(frame.column());
            }
        }
        return text.toString();
    }

    private static String context(StackFrame frame) {
        StringBuilder text = new StringBuilder();
        for (SourceLine line : frame.context()) {
            boolean errorLine = frame.line() != null && line.number() == frame.line();
            text.append(errorLine ? "→ " : "  ").append(String.format("%5d  ", line.number())).append(line.code()).append('\n');
        }
        return text.toString();
    }

    private static Div metadata(Event event) {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("Event id", event.eventId().toString());
        rows.put("Occurred", TimeFormat.exact(event.occurredAt()));
        rows.put("Received", TimeFormat.exact(event.receivedAt()));
        rows.put("Handled", event.handled() ? "yes" : "no");
        rows.put("Level", event.level().wireName());
        rows.put("Release", event.release());
        rows.put("Environment", event.environment());
        if (event.request() != null) {
            rows.put("Request", join(event.request().method(), event.request().url()));
        }
        ClientInfo client = event.client();
        if (client != null) {
            rows.put("Operating system", client.os());
            rows.put("Browser", client.browser());
            rows.put("Runtime", client.runtime());
            rows.put("Client address", client.ip());
        }
        if (event.user() != null) {
            rows.put("User", join(join(event.user().id(), event.user().username()), event.user().email()));
        }
        rows.put("Server", event.serverName());
        if (event.sdk() != null) {
            rows.put("SDK", join(event.sdk().name(), event.sdk().version()));
        }
        event.tags().forEach((key, value) -> rows.put("Tag " + key, value));
        if (!event.filtered().isEmpty()) {
            // where the server masked secrets, never what it masked
            rows.put("Scrubbed", String.join(", ", event.filtered()));
        }
        Div table = new Div();
        table.setId("event-metadata");
        List<Div> lines = new ArrayList<>();
        rows.forEach((label, value) -> {
            if (value != null && !value.isBlank()) {
                Span name = new Span(label);
                name.getStyle().set("display", "inline-block").set("width", "12em")
                        .set("color", "var(--lumo-secondary-text-color)");
                lines.add(new Div(name, new Span(value)));
            }
        });
        lines.forEach(table::add);
        return table;
    }

    /** Oldest first, as they happened, each as time, category and message. */
    private static Div breadcrumbs(Event event) {
        Div list = new Div();
        list.setId("breadcrumbs");
        for (Breadcrumb crumb : event.breadcrumbs()) {
            String when = crumb.timestamp() == null ? "" : TimeFormat.exact(crumb.timestamp()).substring(11);
            String what = join(crumb.category(), crumb.message());
            if (!crumb.data().isEmpty()) {
                what = join(what, crumb.data().toString());
            }
            Span time = new Span(when);
            time.getStyle().set("display", "inline-block").set("width", "8em").set("color", "var(--lumo-secondary-text-color)");
            Div row = new Div(time, new Span(what));
            row.getStyle().set("font-size", "var(--lumo-font-size-s)");
            list.add(row);
        }
        return list;
    }

    private static String join(String first, String second) {
        return ((first == null ? "" : first) + " " + (second == null ? "" : second)).strip();
    }
}
