package io.flytrap.functions.queue;

import io.awspring.cloud.sqs.MessageHeaderUtils;
import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.acknowledgement.BatchAcknowledgement;
import org.springframework.messaging.Message;

import java.util.List;
import java.util.Set;

/**
 * The process function on SQS in the containers (e.g. on EKS, where no Lambda event source mapping exists): a
 * Spring Cloud AWS listener receives batches and deletes only the messages that were handled; the failed ones
 * return after their visibility timeout, and after the queue's maxReceiveCount go to its dead-letter queue — the
 * same contract as the Lambda's batchItemFailures.
 */
class SqsQueueWorker {

    private final SqsBatchProcessor batches;

    SqsQueueWorker(SqsBatchProcessor batches) {
        this.batches = batches;
    }

    @SqsListener(value = "${flytrap.queue.sqs.queue}", acknowledgementMode = "MANUAL", maxMessagesPerPoll = "10")
    void receive(List<Message<String>> messages, BatchAcknowledgement<String> acknowledgement) {
        Set<String> failed = batches.process(messages.stream()
                .map(message -> new SqsBatchProcessor.Message(MessageHeaderUtils.getId(message), message.getPayload()))
                .toList());
        acknowledgement.acknowledge(messages.stream().filter(message -> !failed.contains(MessageHeaderUtils.getId(message))).toList());
    }
}
