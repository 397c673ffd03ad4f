package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.dashboard.layout.ReleaseLinks;

import java.time.Instant;

/** The issue at a glance: status, level, counts, when it was first and last seen, and in which releases. */
class IssueFacts extends Composite<HorizontalLayout> {

    IssueFacts(IssueSummary issue, Instant now) {
        HorizontalLayout facts = getContent();
        facts.add(
                fact("Status", status(issue)),
                fact("Level", issue.level()),
                fact("Events", Long.toString(issue.eventCount())),
                fact("Users", Long.toString(issue.userCount())),
                fact("First seen", TimeFormat.ago(issue.firstSeen(), now)),
                fact("Last seen", TimeFormat.ago(issue.lastSeen(), now)),
                fact("Handled", issue.unhandled() ? "no" : "yes"),
                releasesFact(issue));
        facts.setWrap(true);
    }

    /** "resolved in 2.0", or "resolved in the next release after 1.4.2" while waiting for the release after it. */
    static String status(IssueSummary issue) {
        if (issue.resolvedIn() == null) {
            return issue.status();
        }
        return issue.status() + (issue.resolvedInNextRelease() ? " in the next release after " : " in ") + issue.resolvedIn();
    }

    /** First and last release, each a link to its page; the names are event data, set as text. */
    private static Div releasesFact(IssueSummary issue) {
        Span value = new Span();
        value.setId("issue-releases");
        Div fact = fact("Releases", value);
        if (issue.firstRelease() == null && issue.lastRelease() == null) {
            value.setText("none");
            return fact;
        }
        if (issue.firstRelease() != null) {
            value.add(releaseLink(issue.projectId(), issue.firstRelease()));
        }
        if (issue.lastRelease() != null && !issue.lastRelease().equals(issue.firstRelease())) {
            value.add(new Span(issue.firstRelease() == null ? "? → " : " → "), releaseLink(issue.projectId(), issue.lastRelease()));
        }
        return fact;
    }

    private static Anchor releaseLink(long projectId, String version) {
        return new Anchor(ReleaseLinks.release(projectId, version), version);
    }

    /** The value's id is "issue-" and the label in lower case, hyphenated ("issue-first-seen"), for tests and links. */
    private static Div fact(String label, String value) {
        Span text = new Span(value);
        text.setId("issue-" + label.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
        return fact(label, text);
    }

    private static Div fact(String label, Span value) {
        Span name = new Span(label);
        name.getStyle().set("display", "block").set("font-size", "var(--lumo-font-size-xs)")
                .set("color", "var(--lumo-secondary-text-color)");
        Div fact = new Div(name, value);
        fact.getStyle().set("min-width", "7em");
        return fact;
    }
}
