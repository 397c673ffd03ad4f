package io.flytrap.dashboard;

import io.flytrap.functions.IngestAndProcessing;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The dashboard, the management API and the alert side. Run on its own, it is also the whole of Flytrap on a
 * laptop: it embeds ingest and the queue workers, and starts its own PostgreSQL when no database is configured.
 */
@SpringBootApplication(scanBasePackages = {"io.flytrap.core", "io.flytrap.dashboard"})
@Import(IngestAndProcessing.class)
public class FlytrapApplication {

    public static void main(String[] args) {
        SpringApplication.run(FlytrapApplication.class, args);
    }
}
