package io.flytrap.functions.queue;

import io.flytrap.core.queue.EventQueue;
import io.flytrap.core.queue.QueueUnavailableException;
import io.flytrap.core.queue.QueuedEvent;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ingest's queue on AWS: one SQS message per event, sent before ingest answers (SQS has stored it redundantly
 * when SendMessage returns). An event whose message would exceed SQS's size limit goes to S3 first and the
 * message carries its key (claim check), so no accepted event is ever refused for its size.
 */
class SqsEventQueue implements EventQueue {

    private final SqsAsyncClient sqs;
    private final String queueUrl;
    private final ClaimChecks claims;
    private final int maxMessageBytes;
    private final long sendTimeoutMillis;

    SqsEventQueue(SqsAsyncClient sqs, String queueUrl, ClaimChecks claims, int maxMessageBytes, long sendTimeoutMillis) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.claims = claims;
        this.maxMessageBytes = maxMessageBytes;
        this.sendTimeoutMillis = sendTimeoutMillis;
    }

    @Override
    public void enqueue(QueuedEvent event) {
        try {
            String body = EventMessages.inline(event);
            if (body.getBytes(StandardCharsets.UTF_8).length > maxMessageBytes) {
                body = EventMessages.claimCheck(event, claims.put(event.projectId(), event.payload()));
            }
            String message = body;
            sqs.sendMessage(send -> send.queueUrl(queueUrl).messageBody(message))
                    .get(sendTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueUnavailableException("interrupted while queueing", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new QueueUnavailableException("SQS did not take the event: " + e.getMessage(), e);
        }
    }
}
