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
import com.vaadin.flow.router.NotFoundException;
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
import io.flytrap.dashboard.security.FlytrapPrincipal;
import jakarta.annotation.security.PermitAll;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One issue: what happened, where (stack frames, most recent call first, as Sentry shows them) and in what
 * request and runtime. Event data is untrusted: every value is set as text, never as HTML.
 */
@Route("issues/:issueId")
@PageTitle("Issue · Flytrap")
@PermitAll
public class IssueView extends VerticalLayout implements BeforeEnterObserver {

    private final IssueQueries issues;
    private final IssueStatusService statuses;
    private final Clock clock;
    private final Caller caller;
    private long issueId;

    IssueView(IssueQueries issues, IssueStatusService statuses, Clock clock, AuthenticationContext authentication) {
        this.issues = issues;
        this.statuses = statuses;
        this.clock = clock;
        this.caller = authentication.getAuthenticatedUser(FlytrapPrincipal.class).orElseThrow().caller();
    }

    public static void open(long issueId) {
        UI.getCurrent().navigate(IssueView.class, new RouteParameters("issueId", Long.toString(issueId)));
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        issueId = event.getRouteParameters().getLong("issueId").orElse(-1L);
        show();
    }

    private void show() {
        IssueSummary issue;
        try {
            issue = issues.get(caller, issueId);
        } catch (io.flytrap.core.access.NotFoundException hidden) {
            throw new NotFoundException();
        }
        removeAll();
        String listUrl = RouteConfiguration.forSessionScope().getUrl(IssueListView.class,
                new RouteParameters("projectId", Long.toString(issue.projectId())));
        H2 title = new H2(issue.title());
        title.setId("issue-title");
        Span culprit = new Span(issue.culprit() == null ? "" : issue.culprit());
        culprit.setId("issue-culprit");
        add(new Anchor(listUrl, "← All issues"), title, culprit, actions(issue), summary(issue));
        issues.latestEvent(caller, issueId).ifPresent(stored -> showEvent(stored.event()));
    }

    /** Resolve, ignore or reopen; the page redraws with the new status. */
    private HorizontalLayout actions(IssueSummary issue) {
        HorizontalLayout actions = new HorizontalLayout();
        if (!"unresolved".equals(issue.status())) {
            actions.add(action("Reopen", "reopen", () -> statuses.reopen(caller, issueId)));
        }
        if (!"resolved".equals(issue.status())) {
            actions.add(action("Resolve", "resolve", () -> statuses.resolve(caller, issueId, null)));
        }
        if (!"ignored".equals(issue.status())) {
            actions.add(action("Ignore", "ignore", () -> statuses.ignore(caller, issueId, null, null)));
            actions.add(action("Ignore 24 h", "ignore-day", () -> statuses.ignore(caller, issueId, java.time.Duration.ofDays(1), null)));
            actions.add(action("Ignore next 100 events", "ignore-100", () -> statuses.ignore(caller, issueId, null, 100L)));
        }
        return actions;
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
                fact("Handled", issue.unhandled() ? "no" : "yes"));
        facts.setWrap(true);
        return facts;
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
            row.getStyle().set("padding", "var(--lumo-space-xs) 0").set("border-bottom", "1px solid var(--lumo-contrast-10pct)")
                    .set("width", "100%");
            Span location = new Span(location(frame));
            location.getStyle().set("font-family", "monospace");
            if (!frame.inApp()) {
                location.getStyle().set("color", "var(--lumo-secondary-text-color)");
            }
            row.add(location);
            if (!frame.context().isEmpty()) {
                row.add(new Pre(context(frame)));
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
