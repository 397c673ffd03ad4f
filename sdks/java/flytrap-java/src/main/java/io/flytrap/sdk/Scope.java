package io.flytrap.sdk;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * User, tags, contexts and breadcrumbs attached to every event. Writers replace an immutable {@link Snapshot}
 * under a lock (copy on write); capturing only reads the current one, so a capture never copies maps or waits for
 * a writer, and a snapshot never changes after it was taken.
 */
final class Scope {

    /** One consistent view of the scope; the breadcrumbs array is never modified once published. */
    record Snapshot(User user, Map<String, String> tags, Map<String, Map<String, Object>> contexts,
                    Breadcrumb[] breadcrumbs) {
    }

    /** Where Json meets a context's values: {"data": {"contexts": {name: …}}}. */
    private static final int CONTEXT_DEPTH = EventBuilder.CONTEXTS_DEPTH + 1;

    private static final Snapshot EMPTY = new Snapshot(null, Map.of(), Map.of(), new Breadcrumb[0]);

    private final int maxBreadcrumbs;
    private volatile Snapshot current = EMPTY;

    Scope(int maxBreadcrumbs) {
        this(maxBreadcrumbs, EMPTY);
    }

    private Scope(int maxBreadcrumbs, Snapshot start) {
        this.maxBreadcrumbs = maxBreadcrumbs;
        this.current = start;
    }

    /**
     * A new scope that starts where this one is now and then goes its own way. Snapshots never change, so sharing
     * the current one is a full copy at the cost of a pointer.
     */
    Scope fork() {
        return from(current);
    }

    /** A new scope starting from a snapshot taken earlier (each run of a wrapped task starts from the same one). */
    private Scope from(Snapshot start) {
        return new Scope(maxBreadcrumbs, start);
    }

    Snapshot snapshot() {
        return current;
    }

    /** The task, each run in an isolated scope starting from this scope as it is now. */
    Runnable wrap(Runnable task) {
        Snapshot start = current;
        return () -> {
            try (IsolatedScope ignored = IsolatedScope.bind(from(start))) {
                task.run();
            }
        };
    }

    /** {@link #wrap(Runnable)} for a task with a result. */
    <T> Callable<T> wrap(Callable<T> task) {
        Snapshot start = current;
        return () -> {
            try (IsolatedScope ignored = IsolatedScope.bind(from(start))) {
                return task.call();
            }
        };
    }

    synchronized void setUser(User user) {
        Snapshot s = current;
        current = new Snapshot(user, s.tags(), s.contexts(), s.breadcrumbs());
    }

    synchronized void setTags(Map<String, String> added) {
        Map<String, String> tags = new LinkedHashMap<>(current.tags());
        added.forEach((key, value) -> {
            if (key == null) {
                return;
            }
            if (value == null) {
                tags.remove(key);
            } else {
                tags.put(key, value);
            }
        });
        Snapshot s = current;
        current = new Snapshot(s.user(), Collections.unmodifiableMap(tags), s.contexts(), s.breadcrumbs());
    }

    /**
     * The values are copied deeply (bounded, as {@link BoundedCopy#snapshot}) before the lock: the app may go on
     * changing its nested lists and maps, which the sender thread must not read (a ConcurrentModificationException
     * there loses the event, and the event should say what the values were when they were set).
     */
    void setContext(String name, Map<String, ?> values) {
        Map<String, Object> copy = values == null ? null : snapshot(values, CONTEXT_DEPTH);
        replaceContext(name, copy);
    }

    private synchronized void replaceContext(String name, Map<String, Object> values) {
        Map<String, Map<String, Object>> contexts = new LinkedHashMap<>(current.contexts());
        if (values == null) {
            contexts.remove(name);
        } else {
            contexts.put(name, values);
        }
        Snapshot s = current;
        current = new Snapshot(s.user(), s.tags(), Collections.unmodifiableMap(contexts), s.breadcrumbs());
    }

    /** Keeps the newest {@code maxBreadcrumbs}; copying at most 100 references is cheaper than copying per event. */
    synchronized void addBreadcrumb(Breadcrumb crumb) {
        if (maxBreadcrumbs == 0) {
            return;
        }
        Breadcrumb[] old = current.breadcrumbs();
        Breadcrumb[] crumbs;
        if (old.length < maxBreadcrumbs) {
            crumbs = Arrays.copyOf(old, old.length + 1);
        } else {
            crumbs = new Breadcrumb[maxBreadcrumbs];
            System.arraycopy(old, old.length - maxBreadcrumbs + 1, crumbs, 0, maxBreadcrumbs - 1);
        }
        crumbs[crumbs.length - 1] = crumb;
        Snapshot s = current;
        current = new Snapshot(s.user(), s.tags(), s.contexts(), crumbs);
    }

    /** A bounded deep copy of an app map: plain immutable maps, lists and scalars. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> snapshot(Map<String, ?> values, int depth) {
        return (Map<String, Object>) BoundedCopy.snapshot(values, depth); // a fresh copier's first value is never cut
    }

    synchronized void clear() {
        current = EMPTY;
    }
}
