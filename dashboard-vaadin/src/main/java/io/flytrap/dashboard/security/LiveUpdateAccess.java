package io.flytrap.dashboard.security;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.server.WrappedSession;
import io.flytrap.core.access.Caller;
import io.flytrap.core.projects.ProjectAccess;
import io.flytrap.core.users.User;
import io.flytrap.core.users.UserService;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The gate for live updates. A push travels over a connection the tab opened earlier, past every filter that
 * checks a request, so a session ended a moment ago (user disabled, role changed, password reset) or a membership
 * removed would still receive the next update. So each push first asks again: is the session still live, is the
 * user still enabled with the same role (another replica may have disabled them; only the database knows), and may
 * they still see this project? If not, the tab loses the view instead of getting the update.
 */
@Component
public class LiveUpdateAccess {

    enum Verdict { ALLOWED, PROJECT_GONE, SIGNED_OUT }

    private final SessionRegistry sessions;
    private final UserService users;
    private final ProjectAccess access;

    LiveUpdateAccess(SessionRegistry sessions, UserService users, ProjectAccess access) {
        this.sessions = sessions;
        this.users = users;
        this.access = access;
    }

    /**
     * Runs {@code update} in the UI if its user may still see the project. Otherwise a user who lost the project is
     * taken to the projects overview, and a user whose session ended is sent to sign in; either way the view, and
     * with it the subscription to the project's updates, goes.
     */
    public void push(UI ui, Caller caller, long projectId, Runnable update) {
        ui.access(() -> {
            switch (verdict(ui.getSession().getSession(), caller, projectId)) {
                case ALLOWED -> update.run();
                case PROJECT_GONE -> {
                    ui.navigate("");
                    Notification.show("You no longer have access to that project.", 5000, Notification.Position.BOTTOM_START);
                }
                case SIGNED_OUT -> {
                    // Nothing of the project stays on screen, and the reload meets the ended session at the filters
                    ui.removeAll();
                    ui.getPage().setLocation(SignInThrottleFilter.LOGIN_PATH.substring(1));
                }
            }
        });
    }

    Verdict verdict(WrappedSession httpSession, Caller caller, long projectId) {
        SessionInformation session = httpSession == null ? null : sessions.getSessionInformation(httpSession.getId());
        if (session == null || session.isExpired()) {
            return Verdict.SIGNED_OUT;
        }
        Optional<User> current = users.findById(caller.userId()); // empty once disabled
        if (current.isEmpty() || current.get().asCaller().admin() != caller.admin()) {
            // ended here as SessionTermination ends it on the replica where the change was made
            session.expireNow();
            return Verdict.SIGNED_OUT;
        }
        return access.reaches(caller, projectId) ? Verdict.ALLOWED : Verdict.PROJECT_GONE;
    }
}
