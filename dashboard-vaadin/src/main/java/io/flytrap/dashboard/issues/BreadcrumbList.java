package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import io.flytrap.core.event.Breadcrumb;

import java.util.List;

/** What led up to an event, oldest first as it happened: time, category and message, all as text. */
class BreadcrumbList extends Composite<Div> {

    BreadcrumbList(List<Breadcrumb> breadcrumbs) {
        Div list = new Div();
        list.setId("breadcrumbs");
        for (Breadcrumb crumb : breadcrumbs) {
            String when = crumb.timestamp() == null ? "" : TimeFormat.exact(crumb.timestamp()).substring(11);
            String what = EventText.join(crumb.category(), crumb.message());
            if (!crumb.data().isEmpty()) {
                what = EventText.join(what, crumb.data().toString());
            }
            Span time = new Span(when);
            time.getStyle().set("display", "inline-block").set("width", "8em").set("color", "var(--lumo-secondary-text-color)");
            Div row = new Div(time, new Span(what));
            row.getStyle().set("font-size", "var(--lumo-font-size-s)");
            list.add(row);
        }
        getContent().add(new H3("Breadcrumbs"), list);
    }
}
