package io.flytrap.functions.queue;

import io.flytrap.core.process.EventProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import java.time.Duration;

/**
 * The SQS queue ({@code flytrap.queue.type=sqs}): {@code flytrap.queue.sqs.queue} is the queue's URL or name,
 * {@code flytrap.queue.sqs.claim-bucket} the private bucket for events too large for a message. Clients come from
 * Spring Cloud AWS (region, credentials and endpoints from its {@code spring.cloud.aws.*} settings).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "flytrap.queue.type", havingValue = "sqs")
class SqsQueueConfiguration {

    /** SQS's limit for one message since 2025 (1 MiB); set lower for an SQS-compatible queue with a smaller one. */
    static final String DEFAULT_MAX_MESSAGE = "1MB";

    /** The S3 client is built on the first claim check: most events fit a message, and a cold start need not pay for it. */
    @Bean
    ClaimChecks claimChecks(ObjectProvider<S3Client> s3, @Value("${flytrap.queue.sqs.claim-bucket}") String bucket) {
        return new ClaimChecks(s3::getObject, bucket);
    }

    @Bean
    SqsEventQueue sqsEventQueue(SqsAsyncClient sqs, ClaimChecks claims, @Value("${flytrap.queue.sqs.queue}") String queue,
                                @Value("${flytrap.queue.sqs.max-message-size:" + DEFAULT_MAX_MESSAGE + "}") DataSize maxMessage,
                                @Value("${flytrap.queue.sqs.send-timeout:5s}") Duration sendTimeout) {
        return new SqsEventQueue(sqs, queueUrl(sqs, queue), claims, (int) maxMessage.toBytes(), sendTimeout.toMillis());
    }

    @Bean
    SqsBatchProcessor sqsBatchProcessor(EventProcessor processor, ClaimChecks claims) {
        return new SqsBatchProcessor(processor, claims);
    }

    /** The Lambda handler's function: {@code spring_cloud_function_definition=processSqs}. */
    @Bean
    SqsProcessFunction processSqs(SqsBatchProcessor batches) {
        return new SqsProcessFunction(batches);
    }

    /** Queue workers in this process; off in the Lambdas (SQS invokes processSqs there). */
    @Bean
    @ConditionalOnProperty(name = "flytrap.worker.enabled", havingValue = "true", matchIfMissing = true)
    SqsQueueWorker sqsQueueWorker(SqsBatchProcessor batches) {
        return new SqsQueueWorker(batches);
    }

    static String queueUrl(SqsAsyncClient sqs, String queue) {
        if (queue.startsWith("https://") || queue.startsWith("http://")) {
            return queue;
        }
        return sqs.getQueueUrl(get -> get.queueName(queue)).join().queueUrl();
    }
}
