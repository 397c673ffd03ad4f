package io.flytrap.functions.schema;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Holds a functions container back until the database has every migration its jar carries. During a rolling
 * upgrade new pods may start before the migration (a Helm hook Job, the dashboard, the migrate Lambda) has run:
 * new code on the old schema would fail on every event, or worse, write rows the old schema reads wrongly. The
 * gate never migrates itself, so the one thing that changes the schema stays the step that is meant to.
 */
final class SchemaGate {

    private static final Logger log = LoggerFactory.getLogger(SchemaGate.class);

    private final Supplier<SchemaStatus> status;
    private final SchemaWaitProperties wait;

    SchemaGate(Supplier<SchemaStatus> status, SchemaWaitProperties wait) {
        this.status = status;
        this.wait = wait;
    }

    /** Returns once the schema is current; throws after the timeout, which stops the application. */
    void awaitCurrentSchema() {
        long deadline = System.nanoTime() + wait.timeout().toNanos();
        String lastSeen = "no answer from the database";
        while (true) {
            try {
                SchemaStatus now = status.get();
                if (now.current()) {
                    log.info("Database schema is at version {}, which this build needs", now.databaseVersion());
                    return;
                }
                lastSeen = "database has " + now.databaseVersion() + (now.failed() ? " with a failed migration" : "");
                log.info("waiting for schema version {}, {} ({} pending; the migration Job, the dashboard or "
                                + "FLYTRAP_MIGRATE_ONLY=true applies them; giving up after {})",
                        now.expected(), lastSeen, now.pending(), wait.timeout());
            } catch (RuntimeException unreachable) {
                // a database that is still starting (the trial PostgreSQL on a first install) is worth waiting for too
                lastSeen = "database unreachable: " + unreachable.getMessage();
                log.info("waiting for the database to check its schema: {}", unreachable.getMessage());
            }
            if (System.nanoTime() >= deadline) {
                throw new SchemaNotCurrentException("Gave up after " + wait.timeout() + " waiting for the database "
                        + "schema this build needs (" + lastSeen + "). Run the migrations first: the chart's migration "
                        + "Job (kubectl logs job/<release>-migrate), a container with FLYTRAP_MIGRATE_ONLY=true, the "
                        + "dashboard, or FLYTRAP_MIGRATE=true on this container.");
            }
            sleep(wait.pollInterval());
        }
    }

    private static void sleep(Duration interval) {
        try {
            Thread.sleep(interval);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new SchemaNotCurrentException("interrupted while waiting for the database schema");
        }
    }

    static final class SchemaNotCurrentException extends IllegalStateException {
        SchemaNotCurrentException(String message) {
            super(message);
        }
    }
}
