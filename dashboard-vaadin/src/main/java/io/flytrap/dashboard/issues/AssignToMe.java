package io.flytrap.dashboard.issues;

import io.flytrap.core.access.Caller;

/**
 * The "e" keyboard shortcut's action on the issue list and the issue page: assign the issue to whoever pressed it.
 * <p>
 * MERGE POINT (issue #22, branch {@code assign}): assignment is built on another branch. Connect it by declaring a
 * Spring bean of this type that calls the assignment service; IssueListView and IssueView take it through an
 * {@code ObjectProvider<AssignToMe>} and, while no bean exists, say that assigning is not available instead.
 */
@FunctionalInterface
public interface AssignToMe {

    void assignToMe(Caller caller, long issueId);
}
