package io.flytrap.functions.schema;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/** Migrating on demand: the {@code migrate} Lambda and the one-shot container ({@code FLYTRAP_MIGRATE_ONLY=true}). */
@Configuration(proxyBeanMethods = false)
public class SchemaMigrationConfiguration {

    @Bean
    SchemaMigration schemaMigration(DataSource dataSource,
                                    @Value("${spring.flyway.locations:classpath:db/migration}") String[] locations) {
        return new SchemaMigration(dataSource, locations);
    }

    /** The Lambda's function: {@code spring_cloud_function_definition=migrate} (the name is Terraform's contract). */
    @Bean
    MigrateFunction migrate(SchemaMigration migration) {
        return new MigrateFunction(migration);
    }
}
