package io.flytrap.core.queue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Group commit: concurrent callers hand their items to a few writer threads, each of which stores everything
 * waiting in one short transaction and then releases every caller of that batch. One fsync serves many
 * requests, so the disk's fsync rate does not cap ingest, and each caller still returns only after its own
 * commit. A caller that is alone (no other caller in flight, nothing waiting) writes its item itself: with
 * nothing to batch, the hand-off to a writer thread would only add latency.
 * <p>
 * Callers wait without a timer of their own (a timed park of a virtual thread costs a scheduled task per
 * request, about 5 % of ingest's CPU): instead the writer releases every caller it took, with success or
 * failure, and the store's own statement timeout bounds how long a batch can take. Whatever is still waiting
 * when the writer is closed fails.
 */
final class GroupCommitWriter<T> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    private record Pending<T>(T item, CompletableFuture<Void> committed) {
    }

    private final BlockingQueue<Pending<T>> waiting;
    private final Consumer<List<T>> storeBatch;
    private final int maxBatch;
    private final List<Thread> writers = new ArrayList<>();
    /** Concurrent write transactions, shared by writer threads and callers writing directly. */
    private final Semaphore writeSlots;
    private final AtomicInteger callersInFlight = new AtomicInteger();
    private volatile boolean closed;

    GroupCommitWriter(String name, int capacity, int threads, int maxBatch, Consumer<List<T>> storeBatch) {
        this.waiting = new ArrayBlockingQueue<>(capacity);
        this.storeBatch = storeBatch;
        this.maxBatch = maxBatch;
        this.writeSlots = new Semaphore(threads);
        for (int i = 0; i < threads; i++) {
            Thread writer = Thread.ofPlatform().name(name + "-" + i).daemon().unstarted(this::writeLoop);
            writers.add(writer);
            writer.start();
        }
    }

    /** Blocks until the item is committed; throws {@link QueueUnavailableException} if it was not. */
    void write(T item) {
        if (closed) {
            throw new QueueUnavailableException("the queue is shutting down", null);
        }
        callersInFlight.incrementAndGet();
        try {
            if (callersInFlight.get() == 1 && waiting.isEmpty() && writeSlots.tryAcquire()) {
                writeDirectly(item);
            } else {
                handOff(item);
            }
        } finally {
            callersInFlight.decrementAndGet();
        }
    }

    private void writeDirectly(T item) {
        try {
            storeBatch.accept(List.of(item));
        } catch (RuntimeException failed) {
            throw new QueueUnavailableException("could not store the event", failed);
        } finally {
            writeSlots.release();
        }
    }

    private void handOff(T item) {
        Pending<T> pending = new Pending<>(item, new CompletableFuture<>());
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
            throw new QueueUnavailableException("could not store the event", failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new QueueUnavailableException("interrupted while waiting for the queue", interrupted);
        }
    }

    private void writeLoop() {
        List<Pending<T>> batch = new ArrayList<>(maxBatch);
        while (!closed || !waiting.isEmpty()) {
            try {
                Pending<T> first = waiting.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                writeSlots.acquire();
                try {
                    // drained after getting a slot, so whatever arrived meanwhile joins this transaction
                    waiting.drainTo(batch, maxBatch - 1);
                    storeBatch.accept(batch.stream().map(Pending::item).toList());
                } finally {
                    writeSlots.release();
                }
                batch.forEach(p -> p.committed().complete(null));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error failed) {
                log.warn("Storing a batch of {} queued events failed: {}", batch.size(), failed.toString());
                batch.forEach(p -> p.committed().completeExceptionally(failed));
            } finally {
                batch.clear();
            }
        }
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
