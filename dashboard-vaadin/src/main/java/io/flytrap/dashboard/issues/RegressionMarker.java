package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.html.Span;
import io.flytrap.core.issues.IssueActivity;
import io.flytrap.core.issues.IssueSummary;

import java.time.Instant;
import java.util.List;

/**
 * "Regressed 5 min ago in 1.5.0": shown while the issue has ever come back after being resolved, with the release
 * of its latest regression (regressions from before the timeline existed have none). Hidden otherwise.
 */
class RegressionMarker extends Composite<Span> {

    RegressionMarker(IssueSummary issue, List<IssueActivity.Entry> timeline, Instant now) {
        Span marker = getContent();
        marker.setId("issue-regressed");
        if (issue.regressedAt() == null) {
            marker.setVisible(false);
            return;
        }
        String release = timeline.stream().filter(entry -> entry.kind() == IssueActivity.Kind.REGRESSED)
                .reduce((first, second) -> second).map(entry -> entry.detail("release")).orElse(null);
        marker.setText("Regressed " + TimeFormat.ago(issue.regressedAt(), now) + (release == null ? "" : " in " + release));
        marker.setTitle(TimeFormat.exact(issue.regressedAt()));
        marker.getElement().getThemeList().add("badge error");
    }
}
