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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Drains the PostgreSQL queue: lease a batch, run the process function over it while the queue renews the lease,
 * then hand the outcome to the queue, which deletes what is done and keeps failures for retry or dead-lettering.
 * Idle workers sleep until something is enqueued in this JVM or the poll interval passes.
 */
@Component
@EnableConfigurationProperties(WorkerProperties.class)
@ConditionalOnProperty(name = "flytrap.queue.type", havingValue = "postgres", matchIfMissing = true)
public class QueueWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QueueWorker.class);

    private final PostgresEventQueue queue;
    private final Function<List<BatchItem>, BatchOutcome> process;
    private final WorkerProperties properties;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    QueueWorker(PostgresEventQueue queue, ProcessFunction process, WorkerProperties properties) {
        this.queue = queue;
        this.process = process;
        this.properties = properties;
    }

    /** Processes at most one batch; returns how many events it leased. */
    public int drainOnce() {
        List<ClaimedEvent> claimed = queue.claim(properties.batchSize());
        if (claimed.isEmpty()) {
            return 0;
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

    private void run() {
        while (running) {
            try {
                if (drainOnce() == 0) {
                    queue.awaitArrivals(properties.pollInterval());
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException unexpected) {
                // e.g. the database is briefly unreachable: leased events come back after their lease
                log.warn("Queue worker iteration failed: {}", unexpected.toString());
                sleepQuietly();
            }
        }
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
            Thread thread = Thread.ofPlatform().name("queue-worker-" + i).daemon().start(this::run);
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
