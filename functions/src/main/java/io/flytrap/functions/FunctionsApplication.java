package io.flytrap.functions;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The container app: ingest over HTTP and queue workers running the process function. Scale it apart from
 * the dashboard; a flood of errors fills the queue, not the dashboard.
 */
@SpringBootApplication(scanBasePackages = "io.flytrap.core")
@Import(IngestAndProcessing.class)
public class FunctionsApplication {

    public static void main(String[] args) {
        SpringApplication.run(FunctionsApplication.class, args);
    }
}
