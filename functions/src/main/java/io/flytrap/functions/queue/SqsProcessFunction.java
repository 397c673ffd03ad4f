package io.flytrap.functions.queue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import java.util.List;
import java.util.function.Function;

/**
 * The process Lambda: an SQS batch in, the messages to redeliver out ({@code ReportBatchItemFailures}), so one
 * poison message never sends the whole batch round again. A redelivered event that was stored already is stored
 * nothing twice (the processor skips known event ids).
 */
class SqsProcessFunction implements Function<SQSEvent, SQSBatchResponse> {

    private final SqsBatchProcessor batches;

    SqsProcessFunction(SqsBatchProcessor batches) {
        this.batches = batches;
    }

    @Override
    public SQSBatchResponse apply(SQSEvent event) {
        List<SqsBatchProcessor.Message> messages = event.getRecords() == null ? List.of() : event.getRecords().stream()
                .map(record -> new SqsBatchProcessor.Message(record.getMessageId(), record.getBody())).toList();
        List<SQSBatchResponse.BatchItemFailure> failures = batches.process(messages).stream()
                .map(SQSBatchResponse.BatchItemFailure::new).toList();
        return new SQSBatchResponse(failures);
    }
}
