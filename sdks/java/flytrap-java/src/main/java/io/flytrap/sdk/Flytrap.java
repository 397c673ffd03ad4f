package io.flytrap.sdk;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The SDK's one way in. {@code Flytrap.init(dsn)} once at startup, then {@code Flytrap.captureException(e)}
 * wherever an error is caught; uncaught exceptions are reported by themselves.
 *
 * <p>Every method is safe to call at any time, before init and after close included (it then does nothing), and
 * none of them ever throws: the SDK lives inside someone else's app.
 */
public final class Flytrap {

    private Flytrap() {
    }

    /** Initialises with a DSN and defaults; see {@link #init(FlytrapOptions)}. */
    public static boolean init(String dsn) {
        return init(options -> options.setDsn(dsn));
    }

    /** Initialises with options set by {@code configure}; see {@link #init(FlytrapOptions)}. */
    public static boolean init(Consumer<FlytrapOptions> configure) {
        FlytrapOptions options = new FlytrapOptions();
        try {
            configure.accept(options);
        } catch (RuntimeException invalid) {
            SdkLog.warn("not initialised: " + invalid.getMessage());
            return false;
        }
        return init(options);
    }

    /**
     * Starts the SDK: the sender thread, the uncaught-exception handler (chaining the existing one) and the
     * shutdown hook that flushes. A second init while one is active warns and keeps the first configuration; an
     * unusable DSN warns and leaves the SDK disabled.
     *
     * @return true when this call initialised the SDK
     */
    public static boolean init(FlytrapOptions options) {
        return ActiveClient.start(options);
    }

    public static boolean isEnabled() {
        return ActiveClient.get() != null;
    }

    /** Reports a caught exception; returns the event id, or null when nothing will be sent. */
    public static String captureException(Throwable error) {
        return captureException(error, EventHint.NONE);
    }

    /** Reports an exception with what an integration knows about it (request, mechanism, tags). */
    public static String captureException(Throwable error, EventHint hint) {
        Client current = ActiveClient.get();
        if (current == null) {
            return null;
        }
        try {
            return current.captureException(error, hint == null ? EventHint.NONE : hint);
        } catch (RuntimeException | LinkageError | AssertionError sdkFailure) {
            return null; // never the app's problem
        }
    }

    /** Reports a message at info level. */
    public static String captureMessage(String message) {
        return captureMessage(message, Level.INFO);
    }

    public static String captureMessage(String message, Level level) {
        return captureMessage(message, level, EventHint.NONE);
    }

    public static String captureMessage(String message, Level level, EventHint hint) {
        Client current = ActiveClient.get();
        if (current == null) {
            return null;
        }
        try {
            return current.captureMessage(message, level, hint == null ? EventHint.NONE : hint);
        } catch (RuntimeException | LinkageError | AssertionError sdkFailure) {
            return null;
        }
    }

    /**
     * Opens a scope of the calling thread's own, starting as a copy of the current one (the global scope's user,
     * tags, contexts and breadcrumbs, or the enclosing isolated scope's). Until it is closed, the scope methods of
     * this class change only it and captures on this thread carry it; closing makes current again what was before.
     * Use it per request or job on a server:
     *
     * <pre>{@code
     * try (IsolatedScope scope = Flytrap.isolatedScope()) {
     *     Flytrap.setUser(new User(id, null, null, null));
     *     handle(request);
     * }
     * }</pre>
     *
     * Before init there is nothing to isolate and the handle does nothing.
     */
    public static IsolatedScope isolatedScope() {
        Client current = ActiveClient.get();
        if (current == null) {
            return IsolatedScope.NONE;
        }
        return IsolatedScope.bind(current.currentScope().fork());
    }

    /**
     * A scope for a new request or job: like {@link #isolatedScope()}, but a copy of the global scope whatever the
     * calling thread has bound. Server threads are pooled; a request must not start from what an earlier request
     * on the same thread left bound.
     */
    public static IsolatedScope isolatedGlobalScope() {
        Client current = ActiveClient.get();
        if (current == null) {
            return IsolatedScope.NONE;
        }
        return IsolatedScope.bind(current.scope.fork());
    }

    /**
     * The task, running with a copy of the scope current now (for an executor, {@code @Async} or a
     * {@code TaskDecorator}: the work keeps its request's user, tags and breadcrumbs). Each run starts from that
     * copy and what it changes stays in it. Before init the task is returned as it is.
     */
    public static Runnable wrap(Runnable task) {
        Client current = ActiveClient.get();
        return current == null || task == null ? task : current.currentScope().wrap(task);
    }

    /** {@link #wrap(Runnable)} for a task with a result. */
    public static <T> Callable<T> wrap(Callable<T> task) {
        Client current = ActiveClient.get();
        return current == null || task == null ? task : current.currentScope().wrap(task);
    }

    /** Adds a breadcrumb; the newest 100 are sent with each event. */
    public static void addBreadcrumb(Breadcrumb breadcrumb) {
        Client current = ActiveClient.get();
        if (current != null && breadcrumb != null) {
            current.currentScope().addBreadcrumb(breadcrumb);
        }
    }

    public static void addBreadcrumb(String message) {
        addBreadcrumb(Breadcrumb.of(null, message));
    }

    /** The user of every following event; null forgets it. */
    public static void setUser(User user) {
        Client current = ActiveClient.get();
        if (current != null) {
            current.currentScope().setUser(user);
        }
    }

    /** A tag on every following event; a null value removes it. */
    public static void setTag(String key, String value) {
        Client current = ActiveClient.get();
        if (current != null && key != null) {
            current.currentScope().setTags(java.util.Collections.singletonMap(key, value));
        }
    }

    public static void setTags(Map<String, String> tags) {
        Client current = ActiveClient.get();
        if (current != null && tags != null) {
            try {
                current.currentScope().setTags(tags);
            } catch (RuntimeException unreadableMap) {
                // an app map that fails to iterate is ignored
            }
        }
    }

    /** A named context (e.g. "order" → {id, total}) on every following event; null removes it. */
    public static void setContext(String name, Map<String, ?> values) {
        Client current = ActiveClient.get();
        if (current != null && name != null) {
            try {
                current.currentScope().setContext(name, values);
            } catch (RuntimeException unreadableMap) {
                // ignored, as above
            }
        }
    }

    /** Forgets user, tags, contexts and breadcrumbs (of the isolated scope only, inside one). */
    public static void clearScope() {
        Client current = ActiveClient.get();
        if (current != null) {
            current.currentScope().clear();
        }
    }

    /**
     * True for the SDK's own sender and shutdown-hook threads (compared by identity, not by name): an integration
     * must not report what happens there, or one event could cause the next.
     */
    public static boolean isSdkThread(Thread thread) {
        Client current = ActiveClient.get();
        return current != null && current.isOwnThread(thread);
    }

    /** Waits until what was captured so far is sent (or given up); false if the timeout came first. */
    public static boolean flush(Duration timeout) {
        Client current = ActiveClient.get();
        if (current == null) {
            return true;
        }
        try {
            // null means the configured shutdown timeout, as for close: a flush must not throw into the app
            return current.flush(timeout == null ? current.shutdownTimeoutMillis() : timeout.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@link #close(Duration)} with the configured shutdown timeout (2 seconds by default). */
    public static boolean close() {
        return close(null);
    }

    /**
     * Sends what is queued (within the timeout), stops the sender thread, restores the previous uncaught-exception
     * handler and removes the shutdown hook. The SDK can be initialised again afterwards.
     *
     * @return false if the timeout came before everything was sent
     */
    public static boolean close(Duration timeout) {
        return ActiveClient.stop(timeout);
    }

    /** Counts of sent, dropped, refused and failed events since init (all zero when not initialised). */
    public static FlytrapStats stats() {
        Client current = ActiveClient.get();
        return current == null ? new FlytrapStats(0, 0, 0, 0, 0, 0) : current.stats();
    }
}
