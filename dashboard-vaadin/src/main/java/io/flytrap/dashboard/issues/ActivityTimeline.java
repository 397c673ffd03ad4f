package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.shared.Registration;
import io.flytrap.core.issues.IssueActivity.Entry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An issue's history, oldest first: first seen, regressions, status changes with who made them, comments. Comment
 * texts, names and releases are set as text, never HTML. Its own comments get a Delete button, which only asks
 * (DeleteComment); the owner deletes.
 */
class ActivityTimeline extends Composite<UnorderedList> {

    private final long viewerUserId;

    ActivityTimeline(long viewerUserId) {
        this.viewerUserId = viewerUserId;
        getContent().setId("activity-timeline");
        getContent().getStyle().set("list-style", "none").set("padding", "0").set("margin", "0");
    }

    void show(List<Entry> entries, Instant now) {
        getContent().removeAll();
        entries.forEach(entry -> getContent().add(item(entry, now)));
    }

    Registration addDeleteCommentListener(ComponentEventListener<DeleteComment> listener) {
        return addListener(DeleteComment.class, listener);
    }

    private ListItem item(Entry entry, Instant now) {
        Span what = new Span(describe(entry));
        what.addClassName("activity-what");
        Span when = new Span(" · " + TimeFormat.ago(entry.at(), now));
        when.setTitle(TimeFormat.exact(entry.at()));
        when.getStyle().set("color", "var(--lumo-secondary-text-color)");
        ListItem item = new ListItem(new Div(what, when));
        item.addClassName("activity-entry");
        item.getElement().setAttribute("data-kind", entry.kind().stored());
        item.getStyle().set("padding", "var(--lumo-space-s) 0").set("border-bottom", "1px solid var(--lumo-contrast-10pct)");
        if (entry.kind() == io.flytrap.core.issues.IssueActivity.Kind.COMMENT) {
            Paragraph text = new Paragraph(entry.detail("text"));
            text.addClassName("comment-text");
            text.getStyle().set("white-space", "pre-wrap").set("overflow-wrap", "anywhere").set("margin", "var(--lumo-space-xs) 0 0");
            item.add(text);
            if (entry.actorUserId() != null && entry.actorUserId() == viewerUserId) {
                Button delete = new Button("Delete", click -> fireEvent(new DeleteComment(this, entry.id())));
                delete.addClassName("delete-comment");
                delete.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.TERTIARY, ButtonVariant.LUMO_ERROR);
                item.add(delete);
            }
        }
        return item;
    }

    /** One line saying what happened and who did it. */
    static String describe(Entry entry) {
        String who = entry.actor() != null ? entry.actor() : "Someone";
        String release = entry.detail("release");
        return switch (entry.kind()) {
            case FIRST_SEEN -> "First seen" + (release == null ? "" : " in " + release);
            case REGRESSED -> "Regressed" + (release == null ? "" : " in " + release);
            case RESOLVED -> who + " resolved it" + (release == null ? ""
                    : "true".equals(entry.detail("nextRelease")) ? " in the next release after " + release : " in " + release)
                    + bulk(entry);
            case IGNORED -> who + " ignored it" + ignoredFor(entry) + bulk(entry);
            case REOPENED -> who + " reopened it";
            case COMMENT -> who + " commented";
            case ASSIGNED -> entry.detail("assignee") == null ? who + " unassigned it" : who + " assigned it to " + entry.detail("assignee");
            case MERGED -> who + " merged other issues into it";
            case UNMERGED -> who + " undid the merge";
        };
    }

    private static String bulk(Entry entry) {
        return "true".equals(entry.detail("bulk")) ? " (from the issue list)" : "";
    }

    private static String ignoredFor(Entry entry) {
        if (entry.detail("forSeconds") != null) {
            Duration length = Duration.ofSeconds(Long.parseLong(entry.detail("forSeconds")));
            return length.toHours() >= 1 ? " for " + length.toHours() + " h" : " for " + length.toMinutes() + " min";
        }
        return entry.detail("moreEvents") == null ? "" : " for the next " + entry.detail("moreEvents") + " events";
    }

    /** Its author asked to delete a comment. */
    static class DeleteComment extends ComponentEvent<ActivityTimeline> {
        private final long commentId;

        DeleteComment(ActivityTimeline source, long commentId) {
            super(source, false);
            this.commentId = commentId;
        }

        long commentId() {
            return commentId;
        }
    }
}
