package io.flytrap.functions;

import io.flytrap.functions.schema.MigrateOnly;
import io.flytrap.functions.schema.SchemaGateConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The container app: ingest over HTTP and queue workers running the process function. Scale it apart from
 * the dashboard; a flood of errors fills the queue, not the dashboard. It starts only on a current schema
 * ({@link SchemaGateConfiguration}); with {@code FLYTRAP_MIGRATE_ONLY=true} the same image only migrates and exits.
 */
@SpringBootApplication(scanBasePackages = "io.flytrap.core")
@Import({IngestAndProcessing.class, SchemaGateConfiguration.class})
public class FunctionsApplication {

    public static void main(String[] args) {
        if (MigrateOnly.requested(args)) {
            System.exit(MigrateOnly.run(args));
        }
        SpringApplication.run(FunctionsApplication.class, args);
    }
}
