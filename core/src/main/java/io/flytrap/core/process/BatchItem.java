package io.flytrap.core.process;

import io.flytrap.core.queue.QueuedEvent;

/**
 * One message of a batch handed to the processor.
 *
 * @param messageId the queue's own id for it (a queue row id, an SQS message id), echoed back in failures
 */
public record BatchItem(String messageId, QueuedEvent event) {
}
