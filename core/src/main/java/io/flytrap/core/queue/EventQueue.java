package io.flytrap.core.queue;

/** Where ingest puts accepted events. Adapters: a PostgreSQL table (local, containers) and SQS (AWS). */
public interface EventQueue {

    /**
     * Returns only once the event is durable, so the client's 200 means "will not be lost".
     *
     * @throws QueueUnavailableException when the queue cannot confirm the event now. It may still be stored (a commit
     *                                   on a stalled server that outlived the caller's deadline): a retry that names
     *                                   the event (an event_id or Idempotency-Key) is stored once, as processing stores
     *                                   one event per (project_id, event_id); a retry of an event without a name is
     *                                   a second event, as after any lost answer (README)
     */
    void enqueue(QueuedEvent event);
}
