package io.flytrap.functions.metrics;

import io.flytrap.core.queue.PostgresEventQueue;
import io.flytrap.core.queue.QueueStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL queue's depth, oldest event's age and dead letters, read when scraped. One scrape reads three
 * gauges, so one query serves them all for a second. (On AWS the SQS queue and its DLQ have CloudWatch's own
 * metrics: ApproximateNumberOfMessagesVisible, ApproximateAgeOfOldestMessage.)
 */
class QueueGauges implements MeterBinder {

    static final String DEPTH = "flytrap.queue.depth";
    static final String OLDEST_AGE = "flytrap.queue.oldest.age";
    static final String DEAD_LETTERS = "flytrap.queue.dead.letters";
    private static final Duration FRESH = Duration.ofSeconds(1);

    private final PostgresEventQueue queue;
    private final Clock clock;
    private QueueStats last;
    private Instant readAt = Instant.MIN;

    QueueGauges(PostgresEventQueue queue, Clock clock) {
        this.queue = queue;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(DEPTH, this, gauges -> gauges.stats().pending())
                .description("Events waiting to be processed (retries included, dead letters not)").register(registry);
        TimeGauge.builder(OLDEST_AGE, this, TimeUnit.SECONDS, QueueGauges::oldestAgeSeconds)
                .description("How long the oldest waiting event has waited; 0 when none waits").register(registry);
        Gauge.builder(DEAD_LETTERS, this, gauges -> gauges.stats().deadLetters())
                .description("Events that failed every attempt and wait for an operator")
                .register(registry);
    }

    private double oldestAgeSeconds() {
        Instant oldest = stats().oldestPendingQueuedAt();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }

    private synchronized QueueStats stats() {
        Instant now = clock.instant();
        if (last == null || now.isAfter(readAt.plus(FRESH)) || now.isBefore(readAt)) {
            last = queue.stats();
            readAt = now;
        }
        return last;
    }
}
