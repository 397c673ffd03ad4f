package io.flytrap.functions.schema;

import io.flytrap.functions.CoreMigrations;
import io.flytrap.functions.EmptyDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaMigrationTests {

    @Test
    void shouldCreateTheWholeSchemaOnAnEmptyDatabaseAndApplyNothingTheSecondTime() throws Exception {
        EmptyDatabase database = EmptyDatabase.create("migration");
        SchemaMigration migration = migration(database);

        SchemaStatus before = migration.status();
        assertThat(before.current()).isFalse();
        assertThat(before.expected()).isEqualTo(CoreMigrations.newest());
        assertThat(before.databaseVersion()).isEqualTo(SchemaStatus.NONE);
        assertThat(database.hasTable("flyway_schema_history")).as("asking for the status must not create anything").isFalse();

        assertThat(migration.migrate()).isEqualTo(new MigrationOutcome(CoreMigrations.newest(), CoreMigrations.versions().size()));
        assertThat(database.hasTable("events")).isTrue();
        assertThat(migration.migrate()).as("a second run changes nothing").isEqualTo(new MigrationOutcome(CoreMigrations.newest(), 0));
        assertThat(migration.status().current()).isTrue();
    }

    @Test
    void shouldAcceptADatabaseAheadOfTheJarSoAnOlderBuildCanRunAfterARollback() throws Exception {
        EmptyDatabase database = EmptyDatabase.create("migration");
        SchemaMigration migration = migration(database);
        migration.migrate();
        try (var connection = database.connect()) {
            connection.createStatement().execute("""
                    insert into flyway_schema_history (installed_rank, version, description, type, script, checksum,
                        installed_by, execution_time, success)
                    values (1000, '1000', 'from a newer build', 'SQL', 'V1000__newer.sql', 0, 'test', 1, true)""");
        }

        SchemaStatus status = migration.status();
        assertThat(status.expected()).as("what this jar carries, not what the database has").isEqualTo(CoreMigrations.newest());
        assertThat(status.databaseVersion()).isEqualTo("1000");
        assertThat(status.current()).isTrue();
    }

    private static SchemaMigration migration(EmptyDatabase database) {
        return new SchemaMigration(new DriverManagerDataSource(database.url(), database.username(), database.password()),
                "classpath:db/migration");
    }
}
