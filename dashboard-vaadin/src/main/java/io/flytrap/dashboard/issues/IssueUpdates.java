package io.flytrap.dashboard.issues;

import com.vaadin.flow.shared.Registration;
import io.flytrap.core.issues.IssueChangeFeed;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/** In-process fan-out of "project N changed" to the views that show project N. */
@Component
class IssueUpdates implements IssueChangeFeed.Subscriber {

    private final Map<Long, Set<Runnable>> listeners = new ConcurrentHashMap<>();

    Registration subscribe(long projectId, Runnable listener) {
        listeners.computeIfAbsent(projectId, id -> new CopyOnWriteArraySet<>()).add(listener);
        return () -> listeners.computeIfPresent(projectId, (id, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    /** Projects some open view is showing now. */
    @Override
    public Set<Long> watchedProjects() {
        return Set.copyOf(listeners.keySet());
    }

    @Override
    public void changed(long projectId) {
        Set<Runnable> subscribed = listeners.get(projectId);
        if (subscribed != null) {
            subscribed.forEach(Runnable::run);
        }
    }
}
