package io.flytrap.functions.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;

/**
 * Adds the bounded {@code database} check to every application with a data source (web or not: a worker-only
 * context reads the same readiness group and would otherwise fail to start), wherever this module's
 * application.properties names it in the readiness group: an auto-configuration, as Spring Boot's own {@code db}
 * check is, so that no application or test context that reads those properties lacks it. The Lambdas list their
 * auto-configurations explicitly and serve no health endpoint, so they do not get it.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
public class DatabaseReadinessAutoConfiguration {

    @Bean("database")
    @ConditionalOnMissingBean(name = "database")
    HealthIndicator database(DataSource dataSource) {
        return new DatabaseReadiness(dataSource);
    }
}
