package io.flytrap.functions.web;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The queue's part of readiness ({@code queue} in the readiness group): DOWN while its oldest waiting event is older
 * than {@code flytrap.health.max-queue-age}. Only the age is judged here: when the database does not answer in
 * time the answer is UNKNOWN, which leaves readiness to the {@code database} check (DOWN then), and the probe still
 * gets its answer within its timeout, after that check's 0.7 s and this one's 0.2 s. As in {@link DatabaseReadiness},
 * a measurement still running is waited for rather than started again.
 */
class QueueAgeReadiness implements HealthIndicator {

    static final Duration ANSWER_WITHIN = Duration.ofMillis(200);

    private final Supplier<Duration> oldestAge;
    private final Duration maxAge;
    private CompletableFuture<Duration> running;

    QueueAgeReadiness(Supplier<Duration> oldestAge, Duration maxAge) {
        this.oldestAge = oldestAge;
        this.maxAge = maxAge;
    }

    @Override
    public Health health() {
        try {
            Duration age = measure().get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            return (age.compareTo(maxAge) > 0 ? Health.down() : Health.up())
                    .withDetail("oldestEventAge", age.toString()).withDetail("maxAge", maxAge.toString()).build();
        } catch (TimeoutException | ExecutionException e) {
            return Health.unknown().withDetail("reason", "the queue's age could not be read now").build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.unknown().build();
        }
    }

    private synchronized CompletableFuture<Duration> measure() {
        if (running == null || running.isDone()) {
            running = CompletableFuture.supplyAsync(oldestAge, task -> Thread.ofVirtual().name("queue-readiness").start(task));
        }
        return running;
    }
}
