package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import io.flytrap.core.issues.EventQueries;

import java.util.List;

/** Tag and context distributions over an issue's newest events, as bars with counts. All values are text. */
class TagFacets extends Composite<Div> {

    TagFacets(List<EventQueries.Facet> facets) {
        Div content = getContent();
        content.setId("facets");
        content.addClassName("facets");
        for (EventQueries.Facet facet : facets) {
            Div box = new Div();
            box.addClassName("facet");
            Span name = new Span(facet.name());
            name.addClassName("facet-name");
            box.add(name);
            for (EventQueries.FacetValue value : facet.values()) {
                box.add(row(value.value(), value.count(), facet.sampled()));
            }
            if (facet.otherCount() > 0) {
                box.add(row("other", facet.otherCount(), facet.sampled()));
            }
            content.add(box);
        }
    }

    private static Div row(String value, long count, long sampled) {
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
}
