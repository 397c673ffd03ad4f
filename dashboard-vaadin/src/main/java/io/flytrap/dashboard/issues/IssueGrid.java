package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridMultiSelectionModel;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.data.provider.CallbackDataProvider;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.data.selection.SelectionListener;
import com.vaadin.flow.shared.Registration;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.issues.IssueSummary;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The issues of the list, several selectable for bulk actions; a click on one opens its page. Dense: one line per
 * issue on a wide screen; on a phone (under 600 px) only the issue column, its title over a line of counts.
 * Shift-click on a checkbox selects (or clears) the range from the previous one; the keyboard's j/k move a cursor
 * row (see IssueListView). Rows are read through {@link Rows}, so a range or the cursor can reach rows by position.
 */
class IssueGrid extends Composite<Grid<IssueSummary>> {

    static final int NARROW = 600;

    private final Clock clock;
    private final List<Grid.Column<IssueSummary>> numbers;
    /** The rows' positions as loaded, by issue id: the ends of a shift-click range. Cleared on refresh. */
    private final Map<Long, Integer> positions = new HashMap<>();
    private Rows rows;
    private CallbackDataProvider<IssueSummary, Void> dataProvider;
    /** The position of the last row whose checkbox was clicked: where a shift-click range starts. */
    private Integer rangeStart;
    /** The keyboard cursor's row (j/k), or null before the first j. */
    private IssueSummary cursor;
    private int cursorIndex = -1;

    /** The list's issues by position, in the list's order, and how many there are. */
    interface Rows {
        List<IssueSummary> fetch(int offset, int limit);

        long count();
    }

    IssueGrid(Clock clock) {
        this.clock = clock;
        Grid<IssueSummary> grid = getContent();
        grid.setId("issues");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        grid.setSelectionMode(Grid.SelectionMode.MULTI);
        grid.addColumn(titleCell()).setHeader("Issue").setFlexGrow(4).setKey("issue");
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
                grid.addColumn(assigneeCell()).setHeader("Assignee").setFlexGrow(0).setWidth("6rem")
                        .setKey("assignee"));
        grid.addItemClickListener(click -> IssueView.open(click.getItem().id()));
        grid.setSizeFull();
        grid.setPartNameGenerator(issue -> cursor != null && cursor.id() == issue.id() ? "keyboard-cursor" : null);
        ((GridMultiSelectionModel<IssueSummary>) grid.getSelectionModel()).addClientItemToggleListener(toggle -> {
            Integer here = positions.get(toggle.getItem().id());
            if (toggle.isShiftKey() && rangeStart != null && here != null) {
                List<IssueSummary> range = range(Math.min(rangeStart, here), Math.max(rangeStart, here));
                if (toggle.isSelected()) {
                    grid.asMultiSelect().select(range);
                } else {
                    grid.asMultiSelect().deselect(range);
                }
            }
            rangeStart = here;
        });
    }

    void setRows(Rows rows) {
        this.rows = rows;
        positions.clear();
        // by id: a selected issue stays selected when a live update brings it back with new counts
        dataProvider = new CallbackDataProvider<>(query -> {
            List<IssueSummary> page = rows.fetch(query.getOffset(), query.getLimit());
            for (int i = 0; i < page.size(); i++) {
                positions.put(page.get(i).id(), query.getOffset() + i);
            }
            return page.stream();
        }, query -> (int) Math.min(Integer.MAX_VALUE, rows.count()), IssueSummary::id);
        getContent().setDataProvider(dataProvider);
        rangeStart = null;
        cursor = null;
        cursorIndex = -1;
    }

    void refresh() {
        positions.clear();
        rangeStart = null;
        dataProvider.refreshAll();
    }

    /** Rows from..to (both included), in chunks the queries allow. */
    private List<IssueSummary> range(int from, int to) {
        List<IssueSummary> range = new ArrayList<>();
        for (int offset = from; offset <= to; ) {
            List<IssueSummary> chunk = rows.fetch(offset, Math.min(to - offset + 1, IssueQueries.MAX_PAGE_SIZE));
            if (chunk.isEmpty()) {
                break;
            }
            range.addAll(chunk);
            offset += chunk.size();
        }
        return range;
    }

    /** Selects the rows loaded so far (the first page, more once scrolled): the list's select-all checkbox. */
    void selectLoaded() {
        int loaded = positions.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        getContent().asMultiSelect().select(range(0, loaded));
    }

    int selectedCount() {
        return getContent().getSelectedItems().size();
    }

    /** Moves the keyboard cursor by this many rows (j: +1, k: -1), within the list, and scrolls it into view. */
    void moveCursor(int by) {
        long count = rows.count();
        if (count == 0) {
            return;
        }
        int target = (int) Math.clamp(cursorIndex + (long) by, 0, count - 1);
        List<IssueSummary> found = rows.fetch(target, 1);
        if (found.isEmpty()) {
            return;
        }
        IssueSummary previous = cursor;
        cursor = found.getFirst();
        cursorIndex = target;
        if (previous != null) {
            dataProvider.refreshItem(previous);
        }
        dataProvider.refreshItem(cursor);
        getContent().scrollToIndex(target);
    }

    /** The keyboard cursor's issue, if j/k chose one. */
    Optional<IssueSummary> cursor() {
        return Optional.ofNullable(cursor);
    }

    /** Selects or clears the cursor's row (x). */
    void toggleCursorSelection() {
        if (cursor != null) {
            if (getContent().getSelectedItems().stream().anyMatch(issue -> issue.id() == cursor.id())) {
                getContent().deselect(cursor);
            } else {
                getContent().select(cursor);
            }
        }
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

    Registration addSelectionListener(SelectionListener<Grid<IssueSummary>, IssueSummary> listener) {
        return getContent().addSelectionListener(listener);
    }

    void deselectAll() {
        getContent().deselectAll();
    }

    /**
     * Title, then level, mechanism and status as badges, then the culprit; all of it event data, bound as text (Lit
     * escapes every binding, so markup in a title stays characters). The counts are for phones, where their columns
     * are hidden (flytrap.css shows them under 600 px only). A template the browser fills from each row's values, not
     * a tree of server components per row: a live list re-renders its page on every push, and a component tree per
     * row made each push create and remove some 300 elements on both sides (issue #24 item 3).
     */
    private LitRenderer<IssueSummary> titleCell() {
        return LitRenderer.<IssueSummary>of("""
                        <div class="issue-cell"><span class="issue-title">${item.title}</span><span class="issue-badges">${
                        item.badges.map(badge => html`<span class="flytrap-badge ${badge.kind}">${badge.text}</span>`)
                        }</span><span class="issue-counts">${item.counts}</span><span class="issue-culprit">${item.culprit}</span></div>""")
                .withProperty("title", IssueSummary::title)
                .withProperty("badges", IssueGrid::badges)
                .withProperty("counts", issue -> issue.eventCount() + (issue.eventCount() == 1 ? " event · " : " events · ")
                        + TimeFormat.ago(issue.lastSeen(), clock.instant()))
                .withProperty("culprit", issue -> issue.culprit() == null ? "" : issue.culprit());
    }

    /**
     * A badge in the title cell: its text and its class. Public, and a record, because the renderer sends it to the
     * browser by reflection over its components (a Map would go as a bean: {"empty": false}).
     */
    public record Badge(String text, String kind) {
    }

    /** The title cell's badges: level, unhandled, then status or regressed. */
    private static List<Badge> badges(IssueSummary issue) {
        List<Badge> badges = new ArrayList<>();
        badges.add(new Badge(issue.level() == null ? "" : issue.level(), "level-" + issue.level()));
        if (issue.unhandled()) {
            badges.add(new Badge("unhandled", "unhandled"));
        }
        if (!"unresolved".equals(issue.status())) {
            badges.add(new Badge(issue.status(), "status-" + issue.status()));
        } else if (issue.regressedAt() != null) {
            badges.add(new Badge("regressed", "regressed"));
        }
        return badges;
    }

    /** The assignee's initials, their address on hover (member data, bound as text); empty when unassigned. */
    private static LitRenderer<IssueSummary> assigneeCell() {
        return LitRenderer.<IssueSummary>of("""
                        ${item.email ? html`<span class="assignee-initials" title="${item.email}" aria-label="Assigned to ${
                        item.email}">${item.initials}</span>` : ''}""")
                .withProperty("email", IssueSummary::assigneeEmail)
                .withProperty("initials", issue -> issue.assigneeEmail() == null ? "" : initials(issue.assigneeEmail()));
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

}
