package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;
import io.flytrap.core.access.Caller;
import io.flytrap.dashboard.security.LiveUpdateAccess;

import java.util.function.LongSupplier;

/**
 * Refreshes an open issue list or issue page through push when its project's issues change: subscribed while the
 * view is attached, unsubscribed when it goes. Access is checked again at each push, since the session or the
 * membership may have ended since the page opened.
 */
final class LiveListRefresh {

    private final IssueUpdates updates;
    private final LiveUpdateAccess access;
    private final Caller caller;
    private final LongSupplier projectId;
    private final Runnable refresh;
    private Registration subscription;

    private LiveListRefresh(IssueUpdates updates, LiveUpdateAccess access, Caller caller, LongSupplier projectId,
                            Runnable refresh) {
        this.updates = updates;
        this.access = access;
        this.caller = caller;
        this.projectId = projectId;
        this.refresh = refresh;
    }

    /** projectId is read at attach time: the route learns it in beforeEnter, after construction. */
    static void bind(Component list, IssueUpdates updates, LiveUpdateAccess access, Caller caller,
                     LongSupplier projectId, Runnable refresh) {
        LiveListRefresh live = new LiveListRefresh(updates, access, caller, projectId, refresh);
        list.addAttachListener(attached -> live.subscribe(attached.getUI()));
        list.addDetachListener(detached -> live.unsubscribe());
    }

    private void subscribe(UI ui) {
        subscription = updates.subscribe(projectId.getAsLong(),
                () -> access.push(ui, caller, projectId.getAsLong(), refresh));
    }

    private void unsubscribe() {
        if (subscription != null) {
            subscription.remove();
            subscription = null;
        }
    }
}
