package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.html.Div;
import io.flytrap.core.access.Caller;
import io.flytrap.core.access.ForbiddenException;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.issues.IssueActivity;
import io.flytrap.core.issues.IssueComments;

import java.time.Clock;
import java.util.List;
import java.util.function.LongSupplier;

/** The issue page's Activity tab: the timeline, and a form to comment; the services decide who may do what. */
class ActivityTab extends Composite<Div> {

    private final IssueActivity activity;
    private final IssueComments comments;
    private final Caller caller;
    private final Clock clock;
    /** The page's issue; the page is reused when the route moves to another issue. */
    private final LongSupplier issueId;
    private final ActivityTimeline timeline;
    private final CommentForm form = new CommentForm();

    ActivityTab(IssueActivity activity, IssueComments comments, Caller caller, Clock clock, LongSupplier issueId) {
        this.activity = activity;
        this.comments = comments;
        this.caller = caller;
        this.clock = clock;
        this.issueId = issueId;
        this.timeline = new ActivityTimeline(caller.userId());
        timeline.addDeleteCommentListener(delete -> {
            try {
                comments.delete(caller, issueId.getAsLong(), delete.commentId());
            } catch (NotFoundException alreadyGone) {
                // deleted in another tab meanwhile: the redraw below shows it gone
            }
            refresh();
        });
        form.addPostListener(post -> {
            try {
                comments.add(caller, issueId.getAsLong(), post.text());
                form.clear();
                refresh();
            } catch (IllegalArgumentException | ForbiddenException | NotFoundException refused) {
                form.showProblem(refused.getMessage());
            }
        });
        getContent().add(timeline, form);
    }

    /** Redraws the timeline from what the page already read. */
    void show(List<IssueActivity.Entry> entries) {
        timeline.show(entries, clock.instant());
    }

    private void refresh() {
        show(activity.timeline(caller, issueId.getAsLong()));
    }
}
