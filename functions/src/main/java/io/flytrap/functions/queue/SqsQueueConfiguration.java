package io.flytrap.functions.queue;

import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.queue.QueueFailures;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The SQS queue ({@code flytrap.queue.type=sqs}): {@code flytrap.queue.sqs.queue} is the queue's URL or name,
 * {@code flytrap.queue.sqs.claim-bucket} the private bucket for events too large for a message. Clients come from
 * Spring Cloud AWS (region, credentials and endpoints from its {@code spring.cloud.aws.*} settings).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "flytrap.queue.type", havingValue = "sqs")
@EnableConfigurationProperties(SqsProperties.class)
class SqsQueueConfiguration {

    /** The S3 client is built on the first claim check: most events fit a message, and a cold start need not pay for it. */
    @Bean
    ClaimChecks claimChecks(ObjectProvider<S3Client> s3, SqsProperties properties) {
        return new ClaimChecks(s3::getObject, properties.claimBucket());
    }

    @Bean
    SqsEventQueue sqsEventQueue(SqsAsyncClient sqs, ClaimChecks claims, SqsProperties properties) {
        return new SqsEventQueue(sqs, queueUrl(sqs, properties.queue()), claims,
                (int) properties.maxMessageSize().toBytes(), properties.sendTimeout().toMillis());
    }

    @Bean
    SqsBatchProcessor sqsBatchProcessor(EventProcessor processor, ClaimChecks claims, QueueFailures failures) {
        return new SqsBatchProcessor(processor, claims, failures);
    }

    /** Resolves its queues on first use, so a Lambda cold start does not pay for it. */
    @Bean
    SqsDeadLetters sqsDeadLetters(SqsAsyncClient sqs, SqsProperties properties, QueueFailures failures) {
        return new SqsDeadLetters(sqs, () -> queueUrl(sqs, properties.queue()), failures);
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
