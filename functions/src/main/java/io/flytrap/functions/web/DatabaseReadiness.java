package io.flytrap.functions.web;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The database's part of readiness ({@code database} in the readiness group), answered within a probe's timeout.
 * Spring Boot's own check asks a pooled connection {@code isValid(0)}, which has no timeout: while the database
 * hung (SIGSTOP, a dead network path) readiness did not answer at all, so probes timed out instead of reading DOWN,
 * and each probe left one more request thread waiting. Here the check runs on a thread of its own and the answer
 * is DOWN when it takes longer than {@link #ANSWER_WITHIN}; while a check is still running, later probes wait for
 * that one instead of starting another. Registered by {@link DatabaseReadinessAutoConfiguration}.
 */
class DatabaseReadiness implements HealthIndicator {

    /** Under Kubernetes' default probe timeout of 1 s, with room for the HTTP round trip. */
    static final Duration ANSWER_WITHIN = Duration.ofMillis(700);
    /** What the driver may take to validate a connection it has (seconds, JDBC's unit). */
    private static final int VALIDATION_SECONDS = 2;

    private final DataSource dataSource;
    private CompletableFuture<Boolean> running;

    DatabaseReadiness(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Health health() {
        try {
            return check().get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS) ? Health.up().build()
                    : Health.down().withDetail("reason", "a connection failed validation").build();
        } catch (TimeoutException e) {
            return Health.down().withDetail("reason", "no answer within " + ANSWER_WITHIN.toMillis() + " ms").build();
        } catch (ExecutionException e) {
            // the SQL state and the driver's message name the failure without any credentials
            return Health.down().withDetail("reason", String.valueOf(e.getCause().getMessage())).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().build();
        }
    }

    private synchronized CompletableFuture<Boolean> check() {
        if (running == null || running.isDone()) {
            running = CompletableFuture.supplyAsync(this::connectionIsValid,
                    task -> Thread.ofVirtual().name("database-readiness").start(task));
        }
        return running;
    }

    private boolean connectionIsValid() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(VALIDATION_SECONDS);
        } catch (SQLException e) {
            throw new CompletionException(e);
        }
    }
}
