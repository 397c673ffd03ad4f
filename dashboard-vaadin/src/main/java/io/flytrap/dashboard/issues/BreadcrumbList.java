package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.NativeTable;
import com.vaadin.flow.component.html.NativeTableCell;
import com.vaadin.flow.component.html.NativeTableRow;
import io.flytrap.core.event.Breadcrumb;

import java.util.List;

/**
 * What led up to an event, oldest first as it happened, as a table: time, category, level, message, and the
 * crumb's data as name and value rows (a navigation's from and to, a request's URL and status). All as text.
 */
class BreadcrumbList extends Composite<Div> {

    private static final List<String> COLUMNS = List.of("Time", "Category", "Level", "Message", "Data");

    BreadcrumbList(List<Breadcrumb> breadcrumbs) {
        NativeTable table = new NativeTable();
        table.setId("breadcrumbs");
        table.getStyle().set("border-collapse", "collapse").set("width", "100%").set("table-layout", "fixed")
                .set("font-size", "var(--lumo-font-size-s)");
        NativeTableRow head = table.getHead().addRow();
        for (String column : COLUMNS) {
            head.addHeaderCell().setText(column);
        }
        head.getHeaderCells().forEach(cell -> cell.getStyle().set("text-align", "left")
                .set("color", "var(--lumo-secondary-text-color)").set("font-weight", "normal"));
        head.getHeaderCell(0).orElseThrow().getStyle().set("width", "7em");
        head.getHeaderCell(1).orElseThrow().getStyle().set("width", "9em");
        head.getHeaderCell(2).orElseThrow().getStyle().set("width", "5em");
        for (Breadcrumb crumb : breadcrumbs) {
            NativeTableRow row = table.getBody().addRow();
            row.addClassName("breadcrumb");
            cell(row, crumb.timestamp() == null ? "" : TimeFormat.exact(crumb.timestamp()).substring(11, 19));
            cell(row, crumb.category() == null ? crumb.type() : crumb.category());
            cell(row, crumb.level() == null ? "" : crumb.level().wireName());
            cell(row, crumb.message());
            NativeTableCell data = cell(row, null);
            if (!crumb.data().isEmpty()) {
                data.add(KeyValueTable.of(crumb.data()));
            }
        }
        getContent().add(new H3("Breadcrumbs"), table);
    }

    private static NativeTableCell cell(NativeTableRow row, String text) {
        NativeTableCell cell = row.addDataCell();
        if (text != null) {
            cell.setText(text);
        }
        cell.getStyle().set("vertical-align", "top").set("overflow-wrap", "anywhere").set("white-space", "pre-wrap")
                .set("padding", "2px var(--lumo-space-s) 2px 0").set("border-bottom", "1px solid var(--lumo-contrast-10pct)");
        return cell;
    }
}
