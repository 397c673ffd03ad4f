package io.flytrap.sdk;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One initialised SDK: options, scope, send queue, the uncaught-exception handler and the shutdown hook. Capturing
 * takes a snapshot on the calling thread ({@link CapturedEvent}); building the event, beforeSend, JSON and sending
 * happen on the sender thread.
 */
final class Client {

    private final FlytrapOptions options;
    /** The scope of every thread that is not inside an {@link IsolatedScope}. */
    final Scope scope;
    private final SendQueue queue;
    private final EventBuilder builder;
    /**
     * Exceptions already reported (weakly held): caught, logged and rethrown is still one event. A WeakHashMap is
     * not thread-safe, so this is the one lock a capture takes, held for a lookup per exception of the cause chain.
     */
    private final Map<Throwable, Boolean> reported = Collections.synchronizedMap(new WeakHashMap<>());
    private final Thread shutdownHook;
    private final UncaughtHandler uncaughtHandler;
    private volatile boolean closed;

    private Client(FlytrapOptions options, Dsn dsn) {
        this.options = options;
        this.scope = new Scope(options.getMaxBreadcrumbs());
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        this.builder = new EventBuilder(options, dsn.projectId(), loader != null ? loader : Client.class.getClassLoader());
        Transport transport = options.getTransport() != null ? options.getTransport()
                : new JdkHttpTransport(options.getConnectTimeout(), options.getSendTimeout());
        Delivery delivery = new Delivery(transport, dsn, options.getRetryBackoff(), options.getMaxAttempts());
        this.queue = new SendQueue(options.getMaxQueueSize(), this::build, delivery);
        this.shutdownHook = options.isShutdownHook() ? new Thread(this::closeOnShutdown, "flytrap-shutdown") : null;
        this.uncaughtHandler = options.isUncaughtExceptionHandler()
                ? new UncaughtHandler(Thread.getDefaultUncaughtExceptionHandler()) : null;
    }

    /** @throws IllegalArgumentException when the DSN is missing or unreadable */
    static Client start(FlytrapOptions options) {
        Client client = new Client(options, Dsn.parse(options.getDsn()));
        client.queue.start();
        if (client.shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(client.shutdownHook);
        }
        if (client.uncaughtHandler != null) {
            Thread.setDefaultUncaughtExceptionHandler(client.uncaughtHandler);
        }
        return client;
    }

    String captureException(Throwable error, EventHint hint) {
        if (error == null || closed || !sampled()) {
            return null;
        }
        List<CapturedThrowable> chain = CapturedThrowable.chain(error);
        // The JVM throws preallocated exceptions without a stack trace for hot NPEs, ArithmeticExceptions… (the
        // "fast throw" optimisation): one and the same object every time, so remembering it would silence it forever.
        boolean trackable = chain.get(chain.size() - 1).frames().length > 0;
        if (trackable && alreadyReported(error)) {
            return null;
        }
        Level level = hint.level() != null ? hint.level() : Level.ERROR;
        String id = enqueue(new CapturedEvent(eventId(), System.currentTimeMillis(), level, null, chain, hint,
                currentScope().snapshot(), error));
        if (id != null && trackable) {
            reported.put(error, Boolean.TRUE); // only once queued: an event dropped on a full queue may come again
        }
        return id;
    }

    String captureMessage(String message, Level level, EventHint hint) {
        if (message == null || closed || !sampled()) {
            return null;
        }
        return enqueue(new CapturedEvent(eventId(), System.currentTimeMillis(), level == null ? Level.INFO : level,
                message, List.of(), hint, currentScope().snapshot(), null));
    }

    /** The calling thread's isolated scope when it is inside one, else the global scope. */
    Scope currentScope() {
        Scope bound = IsolatedScope.bound();
        return bound != null ? bound : scope;
    }

    boolean flush(long timeoutMillis) throws InterruptedException {
        return queue.flush(timeoutMillis);
    }

    /** Sends what is queued (at most the timeout), then stops and gives back the uncaught-exception handler. */
    boolean close(long timeoutMillis) throws InterruptedException {
        closed = true;
        try {
            return queue.flush(timeoutMillis);
        } finally {
            queue.stop();
            if (uncaughtHandler != null && Thread.getDefaultUncaughtExceptionHandler() == uncaughtHandler) {
                Thread.setDefaultUncaughtExceptionHandler(uncaughtHandler.previous());
            }
            if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is already running or done
                }
            }
        }
    }

    /** The SDK's own threads, by identity: an app may name its threads "flytrap-…" too. */
    boolean isOwnThread(Thread thread) {
        return thread != null && (thread == queue.worker() || thread == shutdownHook);
    }

    long shutdownTimeoutMillis() {
        return options.getShutdownTimeout().toMillis();
    }

    FlytrapStats stats() {
        return queue.stats();
    }

    private String enqueue(CapturedEvent event) {
        return queue.offer(event) ? event.eventId() : null;
    }

    private boolean sampled() {
        double rate = options.getSampleRate();
        return rate >= 1.0 || ThreadLocalRandom.current().nextDouble() < rate;
    }

    private boolean alreadyReported(Throwable error) {
        int links = 0; // bounded: initCause refuses only a direct self-cause, a longer cycle is possible
        for (Throwable t = error; t != null && links++ < CapturedThrowable.MAX_CHAIN; t = t.getCause()) {
            if (reported.containsKey(t)) {
                return true;
            }
        }
        return false;
    }

    /** On the sender thread: the event as it will be sent, or null when beforeSend dropped it. */
    private Map<String, Object> build(CapturedEvent captured) {
        Map<String, Object> data = builder.build(captured);
        BeforeSend hook = options.getBeforeSend();
        if (hook == null) {
            return data;
        }
        try {
            FlytrapEvent result = hook.apply(new FlytrapEvent(data), captured.original());
            return result == null ? null : result.data();
        } catch (RuntimeException | LinkageError | AssertionError hookFailed) {
            // the hook may be what keeps personal data out: without its verdict nothing is sent
            SdkLog.debug("beforeSend threw; the event is dropped: " + hookFailed);
            return null;
        }
    }

    private void closeOnShutdown() {
        try {
            close(options.getShutdownTimeout().toMillis());
        } catch (InterruptedException | RuntimeException ignored) {
            // the JVM is going away; nothing more to do
        }
    }

    /** A random (version 4) UUID without SecureRandom, which would cost the calling thread more than the rest. */
    private static String eventId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }
}
