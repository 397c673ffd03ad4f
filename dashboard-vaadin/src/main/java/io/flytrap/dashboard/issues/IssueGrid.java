package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.data.provider.DataProvider;
import com.vaadin.flow.data.selection.SelectionListener;
import com.vaadin.flow.shared.Registration;
import io.flytrap.core.issues.IssueSummary;

import java.time.Clock;
import java.util.List;

/**
 * The issues of the list, several selectable for bulk actions; a click on one opens its page. Dense: one line per
 * issue on a wide screen; on a phone (under 600 px) only the issue column, its title over a line of counts.
 */
class IssueGrid extends Composite<Grid<IssueSummary>> {

    static final int NARROW = 600;

    private final Clock clock;
    private final List<Grid.Column<IssueSummary>> numbers;

    IssueGrid(Clock clock) {
        this.clock = clock;
        Grid<IssueSummary> grid = getContent();
        grid.setId("issues");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        grid.setSelectionMode(Grid.SelectionMode.MULTI);
        grid.addComponentColumn(this::titleCell).setHeader("Issue").setFlexGrow(4).setKey("issue");
        // widths in rem, not em: an em is the cell's own font size, and header cells have a smaller font than
        // value cells, so em-wide columns were narrower in the header and "Users" stood over the events (#22)
        numbers = List.of(
                grid.addColumn(IssueSummary::eventCount).setHeader("Events").setFlexGrow(0).setWidth("6rem"),
                grid.addColumn(IssueSummary::userCount).setHeader("Users").setFlexGrow(0).setWidth("5rem"),
                grid.addColumn(issue -> TimeFormat.ago(issue.lastSeen(), clock.instant()))
                        .setTooltipGenerator(issue -> TimeFormat.exact(issue.lastSeen()))
                        .setHeader("Last seen").setFlexGrow(0).setWidth("8rem"),
                grid.addColumn(issue -> TimeFormat.ago(issue.firstSeen(), clock.instant()))
                        .setTooltipGenerator(issue -> TimeFormat.exact(issue.firstSeen()))
                        .setHeader("First seen").setFlexGrow(0).setWidth("8rem"),
                grid.addComponentColumn(IssueGrid::assigneeCell).setHeader("Assignee").setFlexGrow(0).setWidth("6rem")
                        .setKey("assignee"));
        grid.addItemClickListener(click -> IssueView.open(click.getItem().id()));
        grid.setSizeFull();
    }

    @Override
    protected void onAttach(AttachEvent attach) {
        // the columns follow the window: four number columns do not fit beside a title on a phone
        getElement().executeJs("return window.innerWidth").then(Integer.class, this::fitTo);
        Registration resize = attach.getUI().getPage().addBrowserWindowResizeListener(resized -> fitTo(resized.getWidth()));
        // once per attach: a grid that left the page leaves no listener on it
        addDetachListener(detach -> {
            resize.remove();
            detach.unregisterListener();
        });
    }

    private void fitTo(int windowWidth) {
        boolean narrow = windowWidth < NARROW;
        numbers.forEach(column -> column.setVisible(!narrow));
    }

    void setDataProvider(DataProvider<IssueSummary, Void> issues) {
        getContent().setDataProvider(issues);
    }

    Registration addSelectionListener(SelectionListener<Grid<IssueSummary>, IssueSummary> listener) {
        return getContent().addSelectionListener(listener);
    }

    void deselectAll() {
        getContent().deselectAll();
    }

    /**
     * Title, then level, mechanism and status as badges, then the culprit; all of it event data, set as text. The
     * counts are for phones, where their columns are hidden (flytrap.css shows them under 600 px only).
     */
    private Div titleCell(IssueSummary issue) {
        Span name = new Span(issue.title());
        name.addClassName("issue-title");
        Span badges = new Span();
        badges.addClassName("issue-badges");
        badges.add(badge(issue.level(), "level-" + issue.level()));
        if (issue.unhandled()) {
            badges.add(badge("unhandled", "unhandled"));
        }
        if (!"unresolved".equals(issue.status())) {
            badges.add(badge(issue.status(), "status-" + issue.status()));
        } else if (issue.regressedAt() != null) {
            badges.add(badge("regressed", "regressed"));
        }
        Span culprit = new Span(issue.culprit() == null ? "" : issue.culprit());
        culprit.addClassName("issue-culprit");
        Span counts = new Span(issue.eventCount() + (issue.eventCount() == 1 ? " event · " : " events · ")
                + TimeFormat.ago(issue.lastSeen(), clock.instant()));
        counts.addClassName("issue-counts");
        Div cell = new Div(name, badges, counts, culprit);
        cell.addClassName("issue-cell");
        return cell;
    }

    /** The assignee's initials, their address on hover (member data, set as text); empty when unassigned. */
    private static Span assigneeCell(IssueSummary issue) {
        Span cell = new Span(issue.assigneeEmail() == null ? "" : initials(issue.assigneeEmail()));
        if (issue.assigneeEmail() != null) {
            cell.addClassName("assignee-initials");
            cell.setTitle(issue.assigneeEmail());
            cell.getElement().setAttribute("aria-label", "Assigned to " + issue.assigneeEmail());
        }
        return cell;
    }

    /** "ann.lee@example.com" → "AL", "bob@example.com" → "BO": from the address's local part. */
    static String initials(String email) {
        String local = email.substring(0, Math.max(email.indexOf('@'), 0));
        String[] parts = local.split("[._+-]+");
        String letters = parts.length >= 2 && !parts[0].isEmpty() && !parts[1].isEmpty()
                ? "" + parts[0].charAt(0) + parts[1].charAt(0)
                : local.substring(0, Math.min(2, local.length()));
        return letters.toUpperCase(java.util.Locale.ROOT);
    }

    private static Span badge(String text, String kind) {
        Span badge = new Span(text);
        badge.addClassNames("flytrap-badge", kind);
        return badge;
    }
}
