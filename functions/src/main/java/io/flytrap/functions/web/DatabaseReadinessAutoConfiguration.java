package io.flytrap.functions.web;

import io.flytrap.core.queue.PostgresEventQueue;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;

/**
 * Adds the bounded {@code database} and {@code queue} checks to every application with a data source (web or not: a
 * worker-only context reads the same readiness group and would otherwise fail to start), wherever this module's
 * application.properties names them in the readiness group: an auto-configuration, as Spring Boot's own {@code db}
 * check is, so that no application or test context that reads those properties lacks it. The Lambdas list their
 * auto-configurations explicitly and serve no health endpoint, so they do not get it.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@EnableConfigurationProperties(HealthProperties.class)
public class DatabaseReadinessAutoConfiguration {

    @Bean("database")
    @ConditionalOnMissingBean(name = "database")
    HealthIndicator database(DataSource dataSource) {
        return new DatabaseReadiness(dataSource);
    }

    /**
     * Present with either queue, as the readiness group names it: on SQS the age is CloudWatch's
     * ApproximateAgeOfOldestMessage, which SQS's own API does not answer, so this check does not judge it there.
     */
    @Bean("queue")
    @ConditionalOnMissingBean(name = "queue")
    HealthIndicator queue(ObjectProvider<PostgresEventQueue> postgres, HealthProperties properties) {
        PostgresEventQueue queue = postgres.getIfAvailable();
        if (queue == null) {
            return () -> Health.unknown().withDetail("reason", "not the PostgreSQL queue: its age is not measured here").build();
        }
        return new QueueAgeReadiness(queue::oldestAge, properties.maxQueueAge());
    }
}
