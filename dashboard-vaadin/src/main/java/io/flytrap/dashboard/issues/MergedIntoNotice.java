package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import io.flytrap.core.access.Caller;
import io.flytrap.core.issues.IssueMergeService;

/**
 * On a merged issue's own page (reached from an old link or the activity of its primary): "Merged into" and a link to
 * the primary, whose title comes from event data and is shown as text. Shows nothing for an issue that is not merged.
 */
class MergedIntoNotice extends Div {

    MergedIntoNotice(IssueMergeService merges, Caller caller, long issueId) {
        setId("merged-into");
        var primary = merges.primaryOf(caller, issueId);
        setVisible(primary.isPresent());
        primary.ifPresent(into -> {
            Anchor link = new Anchor("issues/" + into.id(), into.title());
            link.setId("merged-into-link");
            link.getStyle().set("overflow-wrap", "anywhere");
            add(new Span("Merged into "), link);
        });
    }
}
