package io.flytrap.sdk;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A fixed-size queue of captured events and the one daemon thread that builds, filters, serialises and sends them.
 * When the queue is full a new event is dropped and counted, so memory stays bounded however long the server is
 * away. The thread catches everything: nothing it does can reach the app, and its own failures are never reported.
 */
final class SendQueue {

    static final String THREAD_NAME = "flytrap-sender";

    private final ArrayBlockingQueue<CapturedEvent> queue;
    private final Function<CapturedEvent, Map<String, Object>> builder;
    private final Delivery delivery;
    private final Thread worker;
    private final AtomicLong droppedQueueFull = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Object idle = new Object();
    /**
     * Sequence numbers: the n-th accepted event is the n-th the single sender finishes (the queue is FIFO), so
     * flush waits until {@code finished} reaches what {@code accepted} was when it was called, not for an empty
     * queue, which a steady stream of captures never leaves.
     */
    private final Object accepting = new Object();
    private volatile long accepted;
    private volatile long finished;
    private volatile boolean stopping;

    SendQueue(int capacity, Function<CapturedEvent, Map<String, Object>> builder, Delivery delivery) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.builder = builder;
        this.delivery = delivery;
        this.worker = new Thread(this::run, THREAD_NAME);
        worker.setDaemon(true); // the app's exit is never held up by the SDK; the shutdown hook flushes instead
    }

    void start() {
        worker.start();
    }

    Thread worker() {
        return worker;
    }

    /**
     * False (and counted) when the queue is full. The lock keeps queue order and sequence order the same; it is
     * held for the queue's own offer only.
     */
    boolean offer(CapturedEvent event) {
        synchronized (accepting) {
            if (queue.offer(event)) {
                accepted++;
                return true;
            }
        }
        droppedQueueFull.incrementAndGet();
        return false;
    }

    /**
     * Waits until everything accepted before this call was sent or given up (later captures do not keep it
     * waiting); false if the timeout came first.
     */
    boolean flush(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long target = accepted;
        synchronized (idle) {
            while (finished < target) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                idle.wait(Math.min(left, 10)); // bounded: the capturing side never takes this lock
            }
            return true;
        }
    }

    /** Stops the thread; whatever is still queued is abandoned. */
    void stop() {
        stopping = true;
        worker.interrupt();
    }

    FlytrapStats stats() {
        int queued = (int) (accepted - finished);
        return new FlytrapStats(delivery.sent.get(), droppedQueueFull.get(), dropped.get(), delivery.refused.get(),
                delivery.failed.get(), queued);
    }

    private void run() {
        while (!stopping) {
            CapturedEvent event;
            try {
                event = queue.take();
            } catch (InterruptedException stopped) {
                return;
            }
            try {
                Map<String, Object> data = builder.apply(event);
                if (data == null) {
                    dropped.incrementAndGet();
                } else {
                    delivery.deliver(Json.write(Map.of("data", data)).getBytes(StandardCharsets.UTF_8));
                }
            } catch (InterruptedException stopped) {
                return;
            } catch (Throwable anything) { // NOPMD: the sender thread must survive whatever an event contains
                delivery.failed.incrementAndGet();
                SdkLog.debug("an event could not be built or sent: " + anything);
            } finally {
                finished();
            }
        }
    }

    /** Only the sender thread writes {@code finished}. */
    private void finished() {
        synchronized (idle) {
            finished++;
            idle.notifyAll();
        }
    }
}
