package io.flytrap.core.queue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Group commit: concurrent callers hand their items to a few writer threads, each of which stores everything
 * waiting in one short transaction and then releases every caller of that batch. One fsync serves many
 * requests, so the disk's fsync rate does not cap ingest, and each caller still returns only after its own
 * commit.
 * <p>
 * Every item goes through a writer thread, even a lone caller's, and the caller waits for its commit at most
 * {@code deadline}: a database that stalls without failing holds the writer inside JDBC, where no timeout
 * fires (a statement is cancelled through a new connection to the same stalled server), so the caller's
 * own deadline is the one bound that does not depend on the database. Callers wait without a timeout of their own:
 * a timed park of a virtual thread schedules and cancels a timer task for every request, which ingest's profile
 * showed (issue #24). One watcher thread per writer instead looks at the callers still waiting a few times per
 * deadline and fails those whose deadline has passed, so a caller is answered at most a twentieth of the deadline
 * (100 ms at most) after it.
 */
final class GroupCommitWriter<T> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    private record Pending<T>(T item, CompletableFuture<Void> committed, long arrivedAt) {
    }

    /** What the deadline watcher fails a late caller with; never leaves this class. */
    private static final class DeadlinePassed extends RuntimeException {
        DeadlinePassed() {
            super(null, null, false, false);
        }
    }

    /**
     * Where one writer thread stores its batches; each writer has its own, so it may hold what only that thread
     * uses (a connection) from one batch to the next.
     */
    @FunctionalInterface
    interface BatchStore<T> extends AutoCloseable {
        void store(List<T> batch);

        /** Called when nothing arrived for a while: a chance to let go of what is held between batches. */
        default void idle() {
        }

        /** The writer stops: lets go of everything. */
        @Override
        default void close() {
            idle();
        }
    }

    private final BlockingQueue<Pending<T>> waiting;
    private final Supplier<? extends BatchStore<T>> stores;
    private final int maxBatch;
    private final long deadlineNanos;
    private final Duration deadline;
    private final long watchEveryNanos;
    private final List<Thread> writers = new ArrayList<>();
    /** Per writer thread, the batch it is storing now (empty between batches), for the deadline watcher. */
    private final AtomicReferenceArray<List<Pending<T>>> inFlight;
    private volatile boolean closed;

    GroupCommitWriter(String name, int capacity, int threads, int maxBatch, Duration deadline,
                      Supplier<? extends BatchStore<T>> stores) {
        this.waiting = new ArrayBlockingQueue<>(capacity);
        this.stores = stores;
        this.maxBatch = maxBatch;
        this.deadline = deadline;
        this.deadlineNanos = deadline.toNanos();
        this.watchEveryNanos = Math.clamp(deadlineNanos / 20, TimeUnit.MILLISECONDS.toNanos(1),
                TimeUnit.MILLISECONDS.toNanos(100));
        this.inFlight = new AtomicReferenceArray<>(threads);
        for (int i = 0; i < threads; i++) {
            int writerIndex = i;
            inFlight.set(i, List.of());
            Thread writer = Thread.ofPlatform().name(name + "-" + i).daemon().unstarted(() -> writeLoop(writerIndex));
            writers.add(writer);
            writer.start();
        }
        Thread.ofPlatform().name(name + "-deadlines").daemon().start(this::watchDeadlines);
    }

    /** Blocks until the item is committed; throws {@link QueueUnavailableException} if it was not by the deadline. */
    void write(T item) {
        if (closed) {
            throw new QueueUnavailableException("the queue is shutting down", null);
        }
        Pending<T> pending = new Pending<>(item, new CompletableFuture<>(), System.nanoTime());
        if (!waiting.offer(pending)) {
            throw new QueueUnavailableException("the queue is full", null);
        }
        if (closed && waiting.remove(pending)) {
            // closed while offering: the writers may be gone, so nobody would release this caller
            throw new QueueUnavailableException("the queue is shutting down", null);
        }
        try {
            pending.committed().get();
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof DeadlinePassed) {
                throw new QueueUnavailableException("the event was not stored within " + deadline, null);
            }
            throw new QueueUnavailableException("could not store the event", failed.getCause());
        } catch (InterruptedException interrupted) {
            waiting.remove(pending);
            Thread.currentThread().interrupt();
            throw new QueueUnavailableException("interrupted while waiting for the queue", interrupted);
        }
    }

    private void writeLoop(int writerIndex) {
        try (BatchStore<T> store = stores.get()) {
            writeLoop(writerIndex, store);
        }
    }

    private void writeLoop(int writerIndex, BatchStore<T> store) {
        List<Pending<T>> batch = new ArrayList<>(maxBatch);
        List<T> items = new ArrayList<>(maxBatch);
        while (!closed || !waiting.isEmpty()) {
            try {
                Pending<T> first = waiting.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    store.idle();
                    continue;
                }
                batch.add(first);
                waiting.drainTo(batch, maxBatch - 1);
                batch.forEach(p -> items.add(p.item()));
                inFlight.set(writerIndex, List.copyOf(batch));
                store.store(items);
                batch.forEach(p -> p.committed().complete(null));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error failed) {
                log.warn("Storing a batch of {} queued events failed: {}", batch.size(), failed.toString());
                batch.forEach(p -> p.committed().completeExceptionally(failed));
            } finally {
                inFlight.set(writerIndex, List.of());
                batch.clear();
                items.clear();
            }
        }
    }

    /**
     * Fails the callers whose deadline has passed. One still waiting is withdrawn first, so it is never written. One
     * already taken by a writer may still be committed by its batch after its caller was answered 503: that copy is
     * harmless only because the client retries with the same event id and processing stores one event per
     * (project_id, event_id): the queue may hold the event twice, the events table never does.
     */
    private void watchDeadlines() {
        while (!closed) {
            LockSupport.parkNanos(watchEveryNanos);
            long now = System.nanoTime();
            // Oldest first: the waiting queue is in order of arrival, so its head is the first to run late
            for (Pending<T> head = waiting.peek(); head != null && late(head, now); head = waiting.peek()) {
                if (waiting.remove(head)) {
                    head.committed().completeExceptionally(new DeadlinePassed());
                }
            }
            for (int i = 0; i < inFlight.length(); i++) {
                for (Pending<T> taken : inFlight.get(i)) {
                    if (late(taken, now)) {
                        taken.committed().completeExceptionally(new DeadlinePassed());
                    }
                }
            }
        }
    }

    private boolean late(Pending<T> pending, long now) {
        return now - pending.arrivedAt() >= deadlineNanos;
    }

    /** Items handed off and not yet taken by a writer (for tests). */
    int waitingCount() {
        return waiting.size();
    }

    @Override
    public void close() {
        closed = true;
        for (Thread writer : writers) {
            try {
                writer.join(5_000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        QueueUnavailableException shuttingDown = new QueueUnavailableException("the queue is shutting down", null);
        for (Pending<T> left = waiting.poll(); left != null; left = waiting.poll()) {
            left.committed().completeExceptionally(shuttingDown);
        }
    }
}
