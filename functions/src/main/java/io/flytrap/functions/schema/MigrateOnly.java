package io.flytrap.functions.schema;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The functions image as a one-shot migration step ({@code FLYTRAP_MIGRATE_ONLY=true}, e.g. the Helm chart's hook
 * Job): migrate, then exit 0, or exit 1 with the reason in the log. Only the database is set up — no web server, no
 * queue workers, no ingest — so a Job never takes traffic or events.
 */
public final class MigrateOnly {

    private static final Logger log = LoggerFactory.getLogger(MigrateOnly.class);

    private MigrateOnly() {
    }

    /**
     * Decided before any application context exists (the environment and the command line, not application.properties),
     * because the full application would already start workers.
     */
    public static boolean requested(String[] args) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        return Boolean.parseBoolean(environment.getProperty("flytrap.migrate-only"));
    }

    /** The process exit code: 0 when the schema is current. */
    public static int run(String[] args) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(MigrateOnlyApplication.class)
                // named in the start-up log instead of FunctionsApplication, whose main this runs in
                .main(MigrateOnly.class).web(WebApplicationType.NONE).run(args)) {
            MigrationOutcome outcome = context.getBean(SchemaMigration.class).migrate();
            log.info("Schema migration done: database at version {}, {} migration(s) applied", outcome.schemaVersion(),
                    outcome.applied());
            return 0;
        } catch (RuntimeException failure) {
            log.error("Schema migration FAILED, exiting with status 1: {}", rootMessage(failure), failure);
            return 1;
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? String.valueOf(failure.getMessage()) : failure.getMessage() + " (cause: " + root.getMessage() + ")";
    }
}
