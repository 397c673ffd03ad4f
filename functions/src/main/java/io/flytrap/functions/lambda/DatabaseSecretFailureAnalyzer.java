package io.flytrap.functions.lambda;

import io.awspring.cloud.autoconfigure.config.secretsmanager.AwsSecretsManagerPropertySourceNotFoundException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * A Lambda that cannot read its database secret fails its start (and so the version's publication, with SnapStart)
 * and logs this instead of Spring Cloud AWS's generic report, whose AWS error text does not say which secret it
 * tried ("can't find the specified secret"). The secret's ARN is no secret; its value never reaches this message.
 * The import fails while the environment is prepared, before any context exists, so the location is read where the
 * Lambda's configuration puts it (the SPRING_CONFIG_IMPORT variable), not from a Spring Environment.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseSecretFailureAnalyzer extends AbstractFailureAnalyzer<AwsSecretsManagerPropertySourceNotFoundException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, AwsSecretsManagerPropertySourceNotFoundException cause) {
        String imported = System.getenv("SPRING_CONFIG_IMPORT");
        if (imported == null) {
            imported = System.getProperty("spring.config.import", "spring.config.import is not set");
        }
        Throwable aws = cause.getCause() != null ? cause.getCause() : cause;
        return new FailureAnalysis("Could not read the database secret from AWS Secrets Manager (" + imported + "): "
                + aws.getMessage(),
                "Check that the secret exists in this region, that the function's role may call secretsmanager:GetSecretValue"
                        + " on exactly this ARN (plus kms:Decrypt if the secret uses a customer-managed key), and that the"
                        + " function reaches Secrets Manager (the VPC's secretsmanager interface endpoint). The Terraform lambdas"
                        + " module sets up all three; see docs/deploy-aws.md, Troubleshooting.", cause);
    }
}
