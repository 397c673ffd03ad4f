package io.flytrap.functions.queue;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The SQS settings keep their names and defaults, and a missing queue stops start-up naming the property. */
class SqsPropertiesTests {

    // Not a @Configuration: component scans of this package in other tests must not find it
    @EnableConfigurationProperties(SqsProperties.class)
    static class Sqs {
    }

    final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Sqs.class);

    @Test
    void defaults() {
        runner.withPropertyValues("flytrap.queue.sqs.queue=events", "flytrap.queue.sqs.claim-bucket=claims")
                .run(context -> assertThat(context.getBean(SqsProperties.class)).isEqualTo(
                        new SqsProperties("events", "claims", DataSize.ofMegabytes(1), Duration.ofSeconds(5))));
    }

    @Test
    void missingQueueFailsStartUpNamingTheProperty() {
        runner.withPropertyValues("flytrap.queue.sqs.claim-bucket=claims").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context).getFailure().rootCause().hasMessageStartingWith("flytrap.queue.sqs.queue");
        });
    }

    @Test
    void zeroSendTimeoutFailsStartUpNamingTheProperty() {
        runner.withPropertyValues("flytrap.queue.sqs.queue=events", "flytrap.queue.sqs.claim-bucket=claims",
                "flytrap.queue.sqs.send-timeout=0s").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageStartingWith("flytrap.queue.sqs.send-timeout"));
    }
}
