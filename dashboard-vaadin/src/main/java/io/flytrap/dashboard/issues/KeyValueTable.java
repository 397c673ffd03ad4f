package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.html.NativeTable;
import com.vaadin.flow.component.html.NativeTableCell;
import com.vaadin.flow.component.html.NativeTableHeaderCell;
import com.vaadin.flow.component.html.NativeTableRow;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

/**
 * Event data as a two-column table of name and value (contexts, headers, cookies, breadcrumb data). Names and
 * values are event data: set as text, and allowed to wrap anywhere, so a long key or URL never pushes the page wide.
 */
final class KeyValueTable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private KeyValueTable() {
    }

    static NativeTable of(Map<String, ?> rows) {
        NativeTable table = new NativeTable();
        table.addClassName("key-values");
        table.getStyle().set("border-collapse", "collapse").set("width", "100%").set("table-layout", "fixed")
                .set("font-size", "var(--lumo-font-size-s)");
        rows.forEach((name, value) -> {
            NativeTableRow row = table.getBody().addRow();
            NativeTableHeaderCell key = row.addHeaderCell();
            key.setText(name);
            key.getStyle().set("width", "14em").set("text-align", "left").set("font-weight", "normal")
                    .set("color", "var(--lumo-secondary-text-color)");
            NativeTableCell cell = row.addDataCell();
            cell.setText(text(value));
            cell.getStyle().set("white-space", "pre-wrap").set("font-family", "monospace");
            for (var part : List.of(key.getStyle(), cell.getStyle())) {
                part.set("vertical-align", "top").set("overflow-wrap", "anywhere").set("padding", "2px var(--lumo-space-s) 2px 0")
                        .set("border-bottom", "1px solid var(--lumo-contrast-10pct)");
            }
        });
        return table;
    }

    /** Text as it is; numbers and flags as JSON writes them; objects and lists as indented JSON. */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        }
        return String.valueOf(value);
    }
}
