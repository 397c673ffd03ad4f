package io.flytrap.core.queue;

/** Where ingest puts accepted events. Adapters: a PostgreSQL table (local, containers) and SQS (AWS). */
public interface EventQueue {

    /**
     * Returns only once the event is durable, so the client's 200 means "will not be lost".
     *
     * @throws QueueUnavailableException when the queue cannot confirm the event now. It may still be stored (a commit
     *                                   that outlived the caller's deadline): the client retries with the same event
     *                                   id, and processing stores one event per (project_id, event_id)
     */
    void enqueue(QueuedEvent event);
}
