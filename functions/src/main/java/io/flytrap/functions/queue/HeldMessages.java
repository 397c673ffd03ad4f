package io.flytrap.functions.queue;

import io.flytrap.core.access.NotFoundException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Messages received from a queue and hidden from other receivers until closed, when the ones not deleted become
 * visible again at once. SQS's only way to look at a queue: receive with a visibility timeout, then release. Should
 * the release fail, they come back by themselves after {@link #HOLD_SECONDS}.
 */
final class HeldMessages implements AutoCloseable {

    static final int HOLD_SECONDS = 30;
    /** SQS's most per receive and per batch. */
    private static final int BATCH = 10;

    private final SqsAsyncClient sqs;
    private final String queueUrl;
    private final Map<String, Message> held = new LinkedHashMap<>();

    private HeldMessages(SqsAsyncClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** Receives until the queue gives nothing more, {@code most} are held, or {@code enough} says so. */
    static HeldMessages receive(SqsAsyncClient sqs, String queueUrl, int most, Predicate<Map<String, Message>> enough) {
        HeldMessages messages = new HeldMessages(sqs, queueUrl);
        try {
            while (messages.held.size() < most && !enough.test(messages.held)) {
                int wanted = Math.min(BATCH, most - messages.held.size());
                // A one-second long poll asks every SQS server, where a short poll samples some and can miss messages
                List<Message> received = sqs.receiveMessage(receive -> receive.queueUrl(queueUrl)
                        .maxNumberOfMessages(wanted).visibilityTimeout(HOLD_SECONDS).waitTimeSeconds(1)).join().messages();
                if (received.isEmpty()) {
                    break;
                }
                received.forEach(message -> messages.held.put(message.messageId(), message));
            }
        } catch (RuntimeException e) {
            messages.close();
            throw e;
        }
        return messages;
    }

    List<Message> messages() {
        return List.copyOf(held.values());
    }

    /** @throws NotFoundException naming the first id not held */
    Map<String, Message> find(Set<String> ids) {
        Map<String, Message> found = new LinkedHashMap<>();
        for (String id : ids) {
            Message message = held.get(id);
            if (message == null) {
                throw new NotFoundException("dead letter " + id);
            }
            found.put(id, message);
        }
        return found;
    }

    void delete(Message message) {
        sqs.deleteMessage(delete -> delete.queueUrl(queueUrl).receiptHandle(message.receiptHandle())).join();
        held.remove(message.messageId());
    }

    @Override
    public void close() {
        List<Message> rest = new ArrayList<>(held.values());
        held.clear();
        for (int from = 0; from < rest.size(); from += BATCH) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(rest.size(), from + BATCH); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id("m" + i)
                        .receiptHandle(rest.get(i).receiptHandle()).visibilityTimeout(0).build());
            }
            try {
                sqs.changeMessageVisibilityBatch(change -> change.queueUrl(queueUrl).entries(entries)).join();
            } catch (RuntimeException e) {
                // They come back by themselves when the hold runs out
            }
        }
    }
}
