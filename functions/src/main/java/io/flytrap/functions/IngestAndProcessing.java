package io.flytrap.functions;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * Ingest endpoints, the process function and its queue workers, and the AWS adapters they may use (S3 storage,
 * the SQS queue, SNS for e-mail alerts). The functions container and the one-process local app both import this, so both run exactly
 * the same code.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan({"io.flytrap.functions.ingest", "io.flytrap.functions.process", "io.flytrap.functions.storage",
        "io.flytrap.functions.queue", "io.flytrap.functions.alerts", "io.flytrap.functions.web"})
public class IngestAndProcessing {
}
