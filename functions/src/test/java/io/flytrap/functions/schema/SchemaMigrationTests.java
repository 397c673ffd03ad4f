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

    private static SchemaMigration migration(EmptyDatabase database) {
        return new SchemaMigration(new DriverManagerDataSource(database.url(), database.username(), database.password()),
                "classpath:db/migration");
    }
}
