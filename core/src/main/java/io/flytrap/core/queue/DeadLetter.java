package io.flytrap.core.queue;

import java.time.Instant;
import java.util.UUID;

/**
 * An event that failed processing as many times as the queue allows and now waits for an administrator.
 *
 * @param lastError    what the last attempt failed with: the processor's description of the failure (an exception's
 *                     class and message, quoted text masked), never the event's content; plain text, to be shown as such
 * @param attempts     attempts in the current run: a replay starts counting again from zero
 * @param firstFailure when the current run's first attempt failed
 * @param lastFailure  when its last attempt failed
 * @param receivedAt   when ingest accepted the event
 */
public record DeadLetter(long id, Project project, UUID eventId, String lastError, int attempts, Instant firstFailure,
                         Instant lastFailure, Instant receivedAt) {

    /** @param name null when the project was deleted since (its dead letters are kept until someone deletes them) */
    public record Project(long id, String name) {
    }
}
