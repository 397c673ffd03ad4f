package io.flytrap.testsupport;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Emptying the PostgreSQL queue, whose events are in two tables: ingest's batches ({@code queue_batches}) and the
 * events with a row of their own ({@code event_queue}). Tests read queued events through the view
 * {@code queued_events}, which shows both in {@code event_queue}'s columns.
 */
public final class QueuedEvents {

    private QueuedEvents() {
    }

    /** Everything queued: pending events, batches and dead letters. */
    public static void deleteAll(JdbcClient jdbc) {
        jdbc.sql("delete from queue_batches").update();
        jdbc.sql("delete from event_queue").update();
    }

    /** Everything waiting to be processed; dead letters stay. */
    public static void deletePending(JdbcClient jdbc) {
        jdbc.sql("delete from queue_batches").update();
        jdbc.sql("delete from event_queue where state = 'pending'").update();
    }
}
