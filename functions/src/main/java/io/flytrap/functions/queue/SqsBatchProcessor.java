package io.flytrap.functions.queue;

import io.flytrap.core.process.BatchItem;
import io.flytrap.core.process.BatchOutcome;
import io.flytrap.core.process.EventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.flytrap.core.queue.QueueFailures;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns SQS messages into a processor batch and says which messages failed, for the process Lambda
 * (batchItemFailures) and the SQS queue worker in containers alike. A message that cannot be decoded or whose
 * claim check cannot be read fails alone — the rest of the batch is stored — and SQS redelivers it until its
 * dead-letter queue takes it.
 */
public class SqsBatchProcessor {

    private static final Logger log = LoggerFactory.getLogger(SqsBatchProcessor.class);

    /** One SQS message: its id and body. */
    public record Message(String messageId, String body) {
    }

    private final EventProcessor processor;
    private final ClaimChecks claims;
    private final QueueFailures failures;

    SqsBatchProcessor(EventProcessor processor, ClaimChecks claims, QueueFailures failures) {
        this.processor = processor;
        this.claims = claims;
        this.failures = failures;
    }

    /** The ids of the messages to redeliver; empty when all were handled. */
    public Set<String> process(List<Message> messages) {
        Set<String> failed = new LinkedHashSet<>();
        List<BatchItem> batch = new ArrayList<>();
        for (Message message : messages) {
            try {
                EventMessages.Decoded decoded = EventMessages.decode(message.body());
                var event = decoded.event();
                if (decoded.claim() != null) {
                    event = new io.flytrap.core.queue.QueuedEvent(event.projectId(), event.eventId(), event.protocol(),
                            claims.get(decoded.claim()), event.meta(), event.receivedAt());
                }
                batch.add(new BatchItem(message.messageId(), event));
            } catch (RuntimeException unreadable) {
                log.warn("SQS message {} cannot be read and goes back to the queue: {}", message.messageId(), unreadable.getMessage());
                failed.add(message.messageId());
            }
        }
        if (!batch.isEmpty()) {
            BatchOutcome outcome = processor.process(batch);
            failed.addAll(outcome.failed().keySet());
            remember(batch, outcome);
        }
        return failed;
    }

    /**
     * Writes down why events failed, for the dead-letter list: SQS cannot add it to the message. A failure to write
     * it changes nothing about the retry; the list then shows the previous error, or none.
     */
    private void remember(List<BatchItem> batch, BatchOutcome outcome) {
        if (outcome.failed().isEmpty()) {
            return;
        }
        Map<QueueFailures.Key, String> reasons = new HashMap<>();
        for (BatchItem item : batch) {
            if (outcome.failed().containsKey(item.messageId())) {
                reasons.put(new QueueFailures.Key(item.event().projectId(), item.event().eventId()),
                        outcome.failed().get(item.messageId()));
            }
        }
        try {
            failures.record(reasons);
        } catch (RuntimeException e) {
            log.warn("Could not record why {} events failed: {}", reasons.size(), e.getMessage());
        }
    }
}
