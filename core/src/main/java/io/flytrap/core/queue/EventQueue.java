package io.flytrap.core.queue;

/** Where ingest puts accepted events. Adapters: a PostgreSQL table (local, containers) and SQS (AWS). */
public interface EventQueue {

    /**
     * Returns only once the event is durable, so the client's 200 means "will not be lost".
     *
     * @throws QueueUnavailableException when the queue cannot take the event now; nothing was stored
     */
    void enqueue(QueuedEvent event);
}
