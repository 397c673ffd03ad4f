package io.flytrap.functions.schema;

import org.springframework.messaging.Message;

import java.util.function.Function;

/**
 * The {@code migrate} function ({@code spring_cloud_function_definition=migrate}): Terraform invokes it once per
 * deployment, before the ingest and process Lambdas take traffic. Any event is accepted and ignored, so the caller
 * needs no contract beyond the name; a failure is thrown, which makes the invocation (and the deployment) fail.
 */
class MigrateFunction implements Function<Message<byte[]>, MigrationOutcome> {

    private final SchemaMigration migration;

    MigrateFunction(SchemaMigration migration) {
        this.migration = migration;
    }

    @Override
    public MigrationOutcome apply(Message<byte[]> ignored) {
        return migration.migrate();
    }
}
