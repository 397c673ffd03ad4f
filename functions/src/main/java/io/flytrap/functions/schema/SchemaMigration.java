package io.flytrap.functions.schema;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.util.Arrays;

/**
 * The schema migrations this jar carries (core's {@code db/migration}), run or compared against the database with
 * Flyway's API rather than Spring Boot's auto-configuration: the Lambda context is prepared at build time, where
 * Flyway's auto-configuration conditions would be frozen, and the functions containers must be able to ask "is the
 * schema current?" without migrating. Same settings as the dashboard's Flyway ({@code spring.flyway.locations});
 * Flyway's own lock (a PostgreSQL advisory lock) keeps concurrent runs — a Job, a dashboard pod, a Lambda — safe.
 */
public class SchemaMigration {

    private final DataSource dataSource;
    private final String[] locations;

    public SchemaMigration(DataSource dataSource, String... locations) {
        this.dataSource = dataSource;
        this.locations = locations.clone();
    }

    public MigrationOutcome migrate() {
        MigrateResult result = flyway().migrate();
        if (!result.success) {
            throw new IllegalStateException("schema migration failed: " + String.join("; ", result.warnings));
        }
        return new MigrationOutcome(status().databaseVersion(), result.migrationsExecuted);
    }

    /** Read-only: never creates the history table or anything else. */
    public SchemaStatus status() {
        MigrationInfoService info = flyway().info();
        String expected = Arrays.stream(info.all())
                .filter(migration -> migration.getVersion() != null && migration.getState() != MigrationState.FUTURE_SUCCESS
                        && migration.getState() != MigrationState.FUTURE_FAILED)
                .map(MigrationInfo::getVersion).max(Comparable::compareTo)
                .map(Object::toString).orElse(SchemaStatus.NONE);
        MigrationInfo current = info.current();
        String database = current == null || current.getVersion() == null ? SchemaStatus.NONE : current.getVersion().toString();
        boolean failed = Arrays.stream(info.all()).anyMatch(migration -> migration.getState().isFailed());
        return new SchemaStatus(expected, database, info.pending().length, failed);
    }

    private Flyway flyway() {
        return Flyway.configure().dataSource(dataSource).locations(locations).load();
    }
}
