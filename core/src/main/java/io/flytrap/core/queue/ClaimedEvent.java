package io.flytrap.core.queue;

/**
 * An event a worker has leased from the PostgreSQL queue: a row of {@code event_queue} of its own, or one event of a
 * {@code queue_batches} row (a group commit of ingest), which is leased, renewed and retried whole.
 *
 * @param queueId   the id of the event's row: its {@code event_queue} row, or its batch's {@code queue_batches} row
 * @param position  its place in its batch, from 0; {@link #OWN_ROW} for an event with a row of its own
 * @param batchSize how many events its batch holds; 1 for an event with a row of its own
 * @param attempts  how many times it (for a batch's event, its batch) has been handed out, this time included
 */
public record ClaimedEvent(long queueId, int position, int batchSize, QueuedEvent event, int attempts) {

    public static final int OWN_ROW = -1;

    /** An event with an {@code event_queue} row of its own. */
    public ClaimedEvent(long queueId, QueuedEvent event, int attempts) {
        this(queueId, OWN_ROW, 1, event, attempts);
    }

    public boolean inBatch() {
        return position != OWN_ROW;
    }

    /** Names the event among everything queued: the id the process function echoes back for it. */
    public String messageId() {
        return inBatch() ? "b" + queueId + "." + position : Long.toString(queueId);
    }
}
