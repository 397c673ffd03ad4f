package io.flytrap.core.queue;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(QueueProperties.class)
class QueueConfiguration {

    /** The default queue. An SQS adapter replaces it when {@code flytrap.queue.type=sqs}. */
    @Bean
    @ConditionalOnProperty(name = "flytrap.queue.type", havingValue = "postgres", matchIfMissing = true)
    PostgresEventQueue postgresEventQueue(JdbcClient jdbc, JdbcTemplate jdbcTemplate, TransactionTemplate transactions,
                                          JsonMapper json, Clock clock, QueueProperties properties) {
        return new PostgresEventQueue(jdbc, jdbcTemplate, transactions, json, clock, properties);
    }

    /** Dead letters of the PostgreSQL queue; on SQS they wait in its dead-letter queue instead. */
    @Bean
    @ConditionalOnProperty(name = "flytrap.queue.type", havingValue = "postgres", matchIfMissing = true)
    DeadLetterService deadLetterService(JdbcClient jdbc, Clock clock, PostgresEventQueue queue) {
        return new DeadLetterService(jdbc, clock, queue);
    }

    /** Failure history for the SQS queue's dead letters; unused (and empty) with the PostgreSQL queue. */
    @Bean
    QueueFailures queueFailures(JdbcClient jdbc, Clock clock) {
        return new QueueFailures(jdbc, clock);
    }
}
