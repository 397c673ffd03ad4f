package io.flytrap.functions.aws;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Spring Cloud AWS creates a client for every AWS service on the classpath, and building one without a region
 * fails the start. Flytrap runs on a laptop with no AWS settings at all, so each client is switched on only when a
 * Flytrap setting chooses that service (SQS when {@code flytrap.queue.type=sqs}; SNS when
 * {@code flytrap.alerts.email=sns}; S3 for source maps when
 * {@code flytrap.artifacts.storage=s3} and for the SQS queue's claim checks), and the EC2 instance
 * metadata lookup — an HTTP call to 169.254.169.254 at start — is off unless asked for. In a Lambda (the runtime
 * sets {@code AWS_LAMBDA_FUNCTION_NAME}) there is no web server, no queue worker, no retention job and no logging of
 * event bodies. These are defaults:
 * an explicit {@code spring.cloud.aws.*.enabled} setting still wins.
 */
public class AwsClientSwitches implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "flytrapAwsClientSwitches";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean sqs = "sqs".equals(environment.getProperty("flytrap.queue.type"));
        // In a Lambda, API Gateway and SQS call the functions: no web server, no queue workers of our own
        boolean lambda = environment.getProperty("AWS_LAMBDA_FUNCTION_NAME") != null;
        boolean s3 = sqs || "s3".equals(environment.getProperty("flytrap.artifacts.storage"));
        Map<String, Object> defaults = new java.util.HashMap<>(Map.of(
                "spring.cloud.aws.s3.enabled", String.valueOf(s3),
                "spring.cloud.aws.sqs.enabled", String.valueOf(sqs),
                "spring.cloud.aws.sns.enabled", String.valueOf("sns".equals(environment.getProperty("flytrap.alerts.email"))),
                "spring.cloud.aws.imds.enabled", "false",
                // No Secrets Manager client bean anywhere: the Lambdas read their one secret through
                // spring.config.import, which runs before this and builds its own client; nothing else uses one.
                "spring.cloud.aws.secretsmanager.enabled", "false"));
        if (lambda) {
            defaults.put("flytrap.worker.enabled", "false");
            defaults.put("spring.main.web-application-type", "none");
            // A Lambda instance serves one function: on an on-demand cold start, beans the other function needs are
            // never created. With SnapStart or provisioned concurrency the start happens before any request, so
            // everything is created then and the snapshot holds it (the connection pool still opens on first use,
            // so no connection is frozen into a snapshot).
            String initialization = environment.getProperty("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
            defaults.put("spring.main.lazy-initialization", String.valueOf("on-demand".equals(initialization)));
            // retention runs beside the dashboard; a Lambda lives only while it handles events
            defaults.put("flytrap.retention.enabled", "false");
            // the AWS adapter logs every received event at INFO: event bodies (untrusted, possibly personal data)
            // do not belong in CloudWatch
            defaults.put("logging.level.org.springframework.cloud.function.adapter.aws", "warn");
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
    }
}
