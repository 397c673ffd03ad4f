package io.flytrap.functions.aws;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Spring Cloud AWS creates a client for every AWS service on the classpath, and building one without a region
 * fails the start. Flytrap runs on a laptop with no AWS settings at all, so each client is switched on only when a
 * Flytrap setting chooses that service (SQS when {@code flytrap.queue.type=sqs}; S3 for source maps when
 * {@code flytrap.artifacts.storage=s3} and for the SQS queue's claim checks), and the EC2 instance
 * metadata lookup — an HTTP call to 169.254.169.254 at start — is off unless asked for. These are defaults:
 * an explicit {@code spring.cloud.aws.*.enabled} setting still wins.
 */
public class AwsClientSwitches implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "flytrapAwsClientSwitches";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean sqs = "sqs".equals(environment.getProperty("flytrap.queue.type"));
        boolean s3 = sqs || "s3".equals(environment.getProperty("flytrap.artifacts.storage"));
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, Map.of(
                "spring.cloud.aws.s3.enabled", String.valueOf(s3),
                "spring.cloud.aws.sqs.enabled", String.valueOf(sqs),
                "spring.cloud.aws.imds.enabled", "false")));
    }
}
