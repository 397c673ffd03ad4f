package io.flytrap.core.queue;

import java.time.Instant;

/**
 * The queue at one moment, for operators: events waiting (retries included, dead letters not), when the oldest of
 * them was queued or replayed (null when none waits), and dead letters (events that used up their attempts).
 */
public record QueueStats(long pending, Instant oldestPendingQueuedAt, long deadLetters) {
}
