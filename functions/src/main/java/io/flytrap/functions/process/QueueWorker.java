package io.flytrap.functions.process;

import io.flytrap.core.process.BatchItem;
import io.flytrap.core.process.BatchOutcome;
import io.flytrap.core.queue.ClaimedEvent;
import io.flytrap.core.queue.PostgresEventQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Drains the PostgreSQL queue: lease a batch, run the process function over it while the queue renews the lease,
 * then hand the outcome to the queue, which deletes what is done and keeps failures for retry or dead-lettering.
 * Idle workers sleep until something is enqueued in this JVM or the poll interval passes. The first worker drains
 * alone while it keeps up; the others join it when it falls behind ({@link WorkerProperties#helpAfter()}) and go
 * back to waiting once they catch up.
 */
@Component
@EnableConfigurationProperties(WorkerProperties.class)
@ConditionalOnProperty(name = "flytrap.queue.type", havingValue = "postgres", matchIfMissing = true)
public class QueueWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QueueWorker.class);

    private final PostgresEventQueue queue;
    private final Function<List<BatchItem>, BatchOutcome> process;
    private final WorkerProperties properties;
    private final Clock clock;
    private final List<Thread> threads = new ArrayList<>();
    /** Released when a batch shows the queue is behind: wakes the workers that wait to help. */
    private final Semaphore helpWanted = new Semaphore(0);
    private volatile boolean running;

    QueueWorker(PostgresEventQueue queue, ProcessFunction process, WorkerProperties properties, Clock clock) {
        this.queue = queue;
        this.process = process;
        this.properties = properties;
        this.clock = clock;
    }

    /** Processes at most one batch; returns how many events it leased. */
    public int drainOnce() {
        List<ClaimedEvent> claimed = queue.claim(properties.batchSize());
        if (claimed.isEmpty()) {
            return 0;
        }
        if (behind(claimed)) {
            askForHelp();
        } else {
            helpWanted.drainPermits(); // caught up: a call for help not yet answered is withdrawn
        }
        Map<String, ClaimedEvent> byMessageId = claimed.stream()
                .collect(Collectors.toMap(ClaimedEvent::messageId, c -> c));
        BatchOutcome outcome;
        try (PostgresEventQueue.Lease lease = queue.keepLeased(claimed)) {
            outcome = process.apply(claimed.stream().map(c -> new BatchItem(c.messageId(), c.event())).toList());
        }
        Map<ClaimedEvent, String> failures = new HashMap<>();
        outcome.failed().forEach((messageId, error) -> failures.put(byMessageId.get(messageId), error));
        queue.finish(claimed, outcome.done().stream().map(byMessageId::get).toList(), failures);
        return claimed.size();
    }

    /** A full batch leaves more waiting; an old event says batches come too slowly. */
    private boolean behind(List<ClaimedEvent> claimed) {
        Instant waitedTooLong = clock.instant().minus(properties.helpAfter());
        return claimed.size() >= properties.batchSize()
                || claimed.stream().anyMatch(c -> c.event().receivedAt().isBefore(waitedTooLong));
    }

    private void askForHelp() {
        int waiting = properties.threads() - 1 - helpWanted.availablePermits();
        if (waiting > 0) {
            helpWanted.release(waiting);
        }
    }

    /** The first worker: always draining, waiting only when the queue is empty. */
    private void lead() {
        while (running) {
            try {
                if (drainOnce() == 0) {
                    queue.awaitArrivals(properties.pollInterval());
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException unexpected) {
                failed(unexpected);
            }
        }
    }

    /** The other workers: drain beside the first from when it falls behind until their batches find it caught up. */
    private void help() {
        while (running) {
            try {
                // each batch still behind asks again, so a helper keeps going exactly as long as that lasts
                if (helpWanted.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                    drainOnce();
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException unexpected) {
                failed(unexpected);
            }
        }
    }

    private void failed(RuntimeException unexpected) {
        // e.g. the database is briefly unreachable: leased events come back after their lease
        log.warn("Queue worker iteration failed: {}", unexpected.toString());
        sleepQuietly();
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(properties.pollInterval());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        if (!properties.enabled() || running) {
            return;
        }
        running = true;
        for (int i = 0; i < properties.threads(); i++) {
            Thread thread = Thread.ofPlatform().name("queue-worker-" + i).daemon().start(i == 0 ? this::lead : this::help);
            threads.add(thread);
        }
        log.info("Started {} queue worker(s), batch size {}", properties.threads(), properties.batchSize());
    }

    @Override
    public void stop() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
