package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.notification.Notification;
import io.flytrap.core.access.Caller;
import org.springframework.beans.factory.ObjectProvider;

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

    /** The key's one way in, for both pages: assigns through the bean, or says it cannot; true if it assigned. */
    static boolean pressed(ObjectProvider<AssignToMe> provider, Caller caller, long issueId) {
        AssignToMe assign = provider.getIfAvailable();
        if (assign == null) {
            Notification.show("Assigning issues is not available yet", 3000, Notification.Position.BOTTOM_START);
            return false;
        }
        assign.assignToMe(caller, issueId);
        return true;
    }
}
