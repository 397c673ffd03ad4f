package io.flytrap.sdk;

/**
 * A scope of the calling thread's own, open until {@link #close()}: what {@code setUser}, {@code setTag},
 * {@code setContext}, {@code addBreadcrumb} and {@code clearScope} change in between stays in it, and what is
 * captured in between carries it. Get one from {@link Flytrap#isolatedScope()}, in a try-with-resources block.
 *
 * <p>A server's threads serve one request after another, and several at once: without this, one request's user,
 * tags and breadcrumbs would end up on another request's events. A plain ThreadLocal is enough (virtual threads
 * included) because a servlet request, or a wrapped task, runs on one thread from start to end; reactive code that
 * hops between threads cannot use it (see the Spring Boot starter's WebFlux notes).
 */
public final class IsolatedScope implements AutoCloseable {

    /** Null on threads outside any isolated scope: they use the client's global scope. */
    private static final ThreadLocal<IsolatedScope> BOUND = new ThreadLocal<>();

    /** What {@link Flytrap#isolatedScope()} returns before init: there is no scope to isolate, nothing to restore. */
    static final IsolatedScope NONE = new IsolatedScope(null, null, null);

    private final Scope scope;
    /** What was bound on the owner thread when this one was opened (same thread, so no locking). */
    private final IsolatedScope previous;
    private final Thread owner;
    private boolean closed;

    private IsolatedScope(Scope scope, IsolatedScope previous, Thread owner) {
        this.scope = scope;
        this.previous = previous;
        this.owner = owner;
    }

    /** Binds {@code scope} to the calling thread until the returned handle is closed. */
    static IsolatedScope bind(Scope scope) {
        IsolatedScope handle = new IsolatedScope(scope, BOUND.get(), Thread.currentThread());
        BOUND.set(handle);
        return handle;
    }

    static Scope bound() {
        IsolatedScope handle = BOUND.get();
        return handle == null ? null : handle.scope;
    }

    /**
     * The same scope, bound to the calling thread until the returned handle is closed: for a request that goes on
     * on another thread (a servlet's async dispatch), so what was set before the hop is still there after it.
     */
    public IsolatedScope resume() {
        return scope == null ? NONE : bind(scope);
    }

    /**
     * Makes current again what was current when this scope was opened (skipping scopes closed since), or nothing.
     * Only the opening thread can do that (a ThreadLocal is per thread), so a close from any other thread does
     * nothing, as does a second close. Out of order too: a pooled thread must never keep a finished request's
     * scope, or the next request on it would carry that request's user and tags.
     */
    @Override
    public void close() {
        if (scope == null || closed || Thread.currentThread() != owner) {
            return;
        }
        closed = true;
        IsolatedScope restored = previous;
        while (restored != null && restored.closed) {
            restored = restored.previous;
        }
        if (restored == null) {
            BOUND.remove();
        } else {
            BOUND.set(restored);
        }
    }
}
