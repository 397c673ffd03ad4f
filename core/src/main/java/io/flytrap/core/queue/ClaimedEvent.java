package io.flytrap.core.queue;

/**
 * An event a worker has leased from the PostgreSQL queue.
 *
 * @param attempts how many times it has been handed out, this time included
 */
public record ClaimedEvent(long queueId, QueuedEvent event, int attempts) {
}
