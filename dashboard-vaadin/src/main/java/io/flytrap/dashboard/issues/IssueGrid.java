package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.provider.DataProvider;
import com.vaadin.flow.data.selection.SelectionListener;
import com.vaadin.flow.shared.Registration;
import io.flytrap.core.issues.IssueSummary;

import java.time.Clock;

/** The issues of the list, several selectable for bulk actions; a click on one opens its page. */
class IssueGrid extends Composite<Grid<IssueSummary>> {

    IssueGrid(Clock clock) {
        Grid<IssueSummary> grid = getContent();
        grid.setId("issues");
        grid.setSelectionMode(Grid.SelectionMode.MULTI);
        grid.addComponentColumn(IssueGrid::titleCell).setHeader("Issue").setFlexGrow(4);
        grid.addColumn(IssueSummary::eventCount).setHeader("Events").setFlexGrow(0).setWidth("7em");
        grid.addColumn(IssueSummary::userCount).setHeader("Users").setFlexGrow(0).setWidth("6em");
        grid.addColumn(issue -> TimeFormat.ago(issue.lastSeen(), clock.instant()))
                .setTooltipGenerator(issue -> TimeFormat.exact(issue.lastSeen()))
                .setHeader("Last seen").setFlexGrow(0).setWidth("9em");
        grid.addColumn(issue -> TimeFormat.ago(issue.firstSeen(), clock.instant()))
                .setTooltipGenerator(issue -> TimeFormat.exact(issue.firstSeen()))
                .setHeader("First seen").setFlexGrow(0).setWidth("9em");
        grid.addItemClickListener(click -> IssueView.open(click.getItem().id()));
        grid.setSizeFull();
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

    /** Title, then level, mechanism and status as badges, then the culprit; all of it event data, set as text. */
    private static VerticalLayout titleCell(IssueSummary issue) {
        Span name = new Span(issue.title());
        name.addClassName("issue-title");
        HorizontalLayout badges = new HorizontalLayout();
        badges.setSpacing(false);
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
        badges.add(culprit);
        VerticalLayout cell = new VerticalLayout(name, badges);
        cell.setPadding(false);
        cell.setSpacing(false);
        return cell;
    }

    private static Span badge(String text, String kind) {
        Span badge = new Span(text);
        badge.addClassNames("flytrap-badge", kind);
        return badge;
    }
}
