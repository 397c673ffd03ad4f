package io.flytrap.bench.engine;

import io.flytrap.functions.IngestAndProcessing;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The functions app (ingest over HTTP, the process function) with an embedded PostgreSQL committing
 * synchronously, plus two endpoints that exist only here: a parse-only endpoint on the same server stack (the
 * ceiling ingest is compared with) and a count of queued events (to check that every accepted event was queued).
 */
@SpringBootApplication(scanBasePackages = {"io.flytrap.core", "io.flytrap.bench.engine"})
@Import(IngestAndProcessing.class)
public class EngineBenchApplication {
}
