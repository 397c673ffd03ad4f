package io.flytrap.functions.queue;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

import static io.flytrap.core.settings.Settings.requirePositive;
import static io.flytrap.core.settings.Settings.requireText;

/**
 * Bound only when {@code flytrap.queue.type=sqs}, so the queue and bucket are required then and not otherwise.
 *
 * @param queue          the queue's URL or name
 * @param claimBucket    private bucket for events too large for a message (claim checks)
 * @param maxMessageSize largest message sent; SQS's limit since 2025 is 1 MiB, set lower for an SQS-compatible
 *                       queue with a smaller one
 * @param sendTimeout    longest an ingest request waits for SQS to accept its event
 */
@ConfigurationProperties("flytrap.queue.sqs")
public record SqsProperties(String queue,
                            String claimBucket,
                            @DefaultValue("1MB") DataSize maxMessageSize,
                            @DefaultValue("5s") Duration sendTimeout) {

    public SqsProperties {
        requireText("flytrap.queue.sqs.queue", queue);
        requireText("flytrap.queue.sqs.claim-bucket", claimBucket);
        requirePositive("flytrap.queue.sqs.max-message-size", maxMessageSize);
        if (maxMessageSize.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("flytrap.queue.sqs.max-message-size must be under 2GB, not " + maxMessageSize);
        }
        requirePositive("flytrap.queue.sqs.send-timeout", sendTimeout);
    }
}
