package io.flytrap.functions.schema;

/** What a migration run left behind: the database's schema version and how many migrations this run applied. */
public record MigrationOutcome(String schemaVersion, int applied) {
}
