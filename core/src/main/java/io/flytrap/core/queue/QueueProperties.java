package io.flytrap.core.queue;

import io.flytrap.core.settings.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param maxAttempts     deliveries before an event is dead-lettered
 * @param retryBackoff    wait before the second attempt; doubles for each further attempt
 * @param maxRetryBackoff longest wait between attempts
 * @param lease           how long a claimed event stays invisible to other workers; a crashed worker's events
 *                        come back after it. Renewed every third of it while the batch is in work, so it need only
 *                        outlast a few renewals, not the longest batch (a batch takes about 0.1 s)
 * @param capacity        events waiting for the group-commit writers; beyond it ingest answers 503
 * @param writerThreads   concurrent insert transactions; one, because fewer, larger batches cost PostgreSQL less
 *                        than parallel small ones (measured with bench/event-engine.sh: native ingest 12,413 req/s
 *                        with one writer, 10,516 with two, 8,475 with four)
 * @param maxBatch        events per insert transaction
 * @param enqueueTimeout  statement timeout of the insert that stores a batch of enqueued events (PostgreSQL's
 *                        {@code statement_timeout} on the writer's connection). Shorter than the deadline, so a slow
 *                        statement on a live server rolls back before its callers are told 503: an event without an
 *                        id of its own, whose retry is a new event, is then never stored twice. It does not end a
 *                        stalled server's statement: a server that answers nothing does not enforce its timeouts
 * @param enqueueDeadline longest an ingest request waits for the group-commit writer before it answers 503: the bound
 *                        on a request's wait that does not depend on the database answering
 */
@ConfigurationProperties("flytrap.queue")
public record QueueProperties(@DefaultValue("5") int maxAttempts,
                              @DefaultValue("10s") Duration retryBackoff,
                              @DefaultValue("15m") Duration maxRetryBackoff,
                              @DefaultValue("30s") Duration lease,
                              @DefaultValue("10000") int capacity,
                              @DefaultValue("1") int writerThreads,
                              @DefaultValue("500") int maxBatch,
                              @DefaultValue("1s") Duration enqueueTimeout,
                              @DefaultValue("2s") Duration enqueueDeadline) {

    public QueueProperties {
        Settings.requirePositive("flytrap.queue.max-attempts", maxAttempts);
        Settings.requirePositive("flytrap.queue.lease", lease);
        Settings.requirePositive("flytrap.queue.capacity", capacity);
        Settings.requirePositive("flytrap.queue.writer-threads", writerThreads);
        Settings.requirePositive("flytrap.queue.max-batch", maxBatch);
        Settings.requirePositive("flytrap.queue.enqueue-timeout", enqueueTimeout);
        Settings.requirePositive("flytrap.queue.enqueue-deadline", enqueueDeadline);
        if (enqueueTimeout.compareTo(enqueueDeadline) >= 0) {
            throw new IllegalArgumentException("flytrap.queue.enqueue-timeout (" + enqueueTimeout
                    + ") must be shorter than flytrap.queue.enqueue-deadline (" + enqueueDeadline + ")");
        }
    }

    /** Backoff doubling per attempt, capped. */
    public Duration backoffAfter(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        Duration wait = retryBackoff.multipliedBy(1L << doublings);
        return wait.compareTo(maxRetryBackoff) > 0 ? maxRetryBackoff : wait;
    }
}
