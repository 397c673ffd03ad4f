package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.NativeTable;
import com.vaadin.flow.component.html.NativeTableCell;
import com.vaadin.flow.component.html.NativeTableRow;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import io.flytrap.core.access.Caller;
import io.flytrap.core.event.Event;
import io.flytrap.core.issues.EventQueries;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * All events of an issue, newest first, a page at a time ("Older events" continues from the last row), optionally
 * only those with a tag "key:value". Each row links to the event on the issue page. Values are event data: text.
 */
class EventListTab extends Composite<Div> {

    static final int PAGE_SIZE = 25;
    private static final List<String> COLUMNS = List.of("Event", "Time", "Message", "Release", "Environment", "Tags");

    private final EventQueries events;
    private final Caller caller;
    private final long issueId;
    private final TextField filter = new TextField();
    private final NativeTable table = new NativeTable();
    private final Button older = new Button("Older events");
    private final Span problem = new Span();
    private String next;
    private int pagesShown;

    EventListTab(EventQueries events, Caller caller, long issueId) {
        this.events = events;
        this.caller = caller;
        this.issueId = issueId;
        filter.setId("event-tag-filter");
        filter.setPlaceholder("tag:value, e.g. plan:pro");
        filter.setClearButtonVisible(true);
        filter.setValueChangeMode(ValueChangeMode.LAZY);
        filter.addValueChangeListener(changed -> reload());
        table.setId("event-list");
        table.getStyle().set("border-collapse", "collapse").set("width", "100%").set("table-layout", "fixed")
                .set("font-size", "var(--lumo-font-size-s)");
        NativeTableRow head = table.getHead().addRow();
        COLUMNS.forEach(column -> head.addHeaderCell().setText(column));
        head.getHeaderCells().forEach(cell -> cell.getStyle().set("text-align", "left").set("font-weight", "normal")
                .set("color", "var(--lumo-secondary-text-color)"));
        older.setId("older-events");
        older.addThemeVariants(ButtonVariant.SMALL);
        older.addClickListener(click -> loadPage());
        problem.setId("event-filter-problem");
        problem.getStyle().set("color", "var(--lumo-error-text-color)");
        getContent().add(filter, problem, table, older);
        reload();
    }

    /** From the first page again: after a new filter, or when the issue got new events. */
    void reload() {
        table.getBody().removeAllRows();
        next = null;
        pagesShown = 0;
        loadPage();
    }

    /** Live: new events show at the top, unless the reader has paged on (their place is kept). */
    void refreshFirstPage() {
        if (pagesShown <= 1) {
            reload();
        }
    }

    private void loadPage() {
        String text = filter.getValue().strip();
        int colon = text.indexOf(':');
        problem.setText("");
        if (!text.isEmpty() && colon <= 0) {
            problem.setText("Filter by a tag as key:value");
            older.setVisible(false);
            return;
        }
        try {
            EventQueries.EventList page = text.isEmpty()
                    ? events.list(caller, issueId, null, null, next, PAGE_SIZE)
                    : events.list(caller, issueId, text.substring(0, colon).strip(), text.substring(colon + 1).strip(), next, PAGE_SIZE);
            page.events().forEach(this::addRow);
            next = page.next();
            pagesShown++;
            older.setVisible(next != null);
        } catch (IllegalArgumentException refused) {
            problem.setText(refused.getMessage());
            older.setVisible(false);
        }
    }

    private void addRow(Event event) {
        NativeTableRow row = table.getBody().addRow();
        row.addClassName("issue-event");
        Anchor link = new Anchor("issues/" + issueId + "?event=" + event.eventId(), event.eventId().toString().substring(0, 8));
        link.addClassName("event-link");
        cell(row, null).add(link);
        cell(row, TimeFormat.exact(event.occurredAt()));
        cell(row, message(event));
        cell(row, event.release());
        cell(row, event.environment());
        cell(row, event.tags().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(tag -> tag.getKey() + ":" + tag.getValue()).collect(Collectors.joining(" ")));
    }

    private static String message(Event event) {
        if (event.primaryException() != null && event.primaryException().message() != null) {
            return event.primaryException().message();
        }
        return event.message();
    }

    private static NativeTableCell cell(NativeTableRow row, String text) {
        NativeTableCell cell = row.addDataCell();
        if (text != null) {
            cell.setText(text);
        }
        cell.getStyle().set("vertical-align", "top").set("overflow-wrap", "anywhere")
                .set("padding", "2px var(--lumo-space-s) 2px 0").set("border-bottom", "1px solid var(--lumo-contrast-10pct)");
        return cell;
    }
}
