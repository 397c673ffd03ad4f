package io.flytrap.core.queue;

import java.time.Instant;
import java.util.UUID;

/**
 * An event that failed processing as many times as the queue allows and now waits for an administrator.
 *
 * @param id           a number on the PostgreSQL queue, the SQS message id in the dead-letter queue on SQS
 * @param project      null when an SQS message is not one of Flytrap's (then lastError says why)
 * @param lastError    what the last attempt failed with: the processor's description of the failure (an exception's
 *                     class and message, quoted text masked), never the event's content; plain text, to be shown as such
 * @param attempts     attempts in the current run: a replay starts counting again from zero on PostgreSQL; on SQS
 *                     failed attempts since the first failure, across replays (SQS keeps no count Flytrap could reset)
 * @param firstFailure when the current run's first attempt failed
 * @param lastFailure  when its last attempt failed
 * @param receivedAt   when ingest accepted the event
 */
public record DeadLetter(String id, Project project, UUID eventId, String lastError, int attempts, Instant firstFailure,
                         Instant lastFailure, Instant receivedAt) {

    /** @param name null when the project was deleted since (its dead letters are kept until someone deletes them) */
    public record Project(long id, String name) {
    }
}
