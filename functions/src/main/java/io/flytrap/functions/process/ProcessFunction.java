package io.flytrap.functions.process;

import io.flytrap.core.process.BatchItem;
import io.flytrap.core.process.BatchOutcome;
import io.flytrap.core.process.EventProcessor;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.function.Function;

/**
 * The {@code process} Spring Cloud Function: a batch of raw events in, which of them must be retried out.
 * The PostgreSQL queue workers call it in the containers; the Lambda adapter calls it with SQS batches.
 */
@Component("process")
public class ProcessFunction implements Function<List<BatchItem>, BatchOutcome> {

    private final EventProcessor processor;

    ProcessFunction(EventProcessor processor) {
        this.processor = processor;
    }

    @Override
    public BatchOutcome apply(List<BatchItem> batch) {
        return processor.process(batch);
    }
}
