package io.flytrap.functions.web;

import io.flytrap.testsupport.QueuedEvents;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.queue.PostgresEventQueue;
import io.flytrap.core.queue.QueuedEvent;
import io.flytrap.functions.FunctionsApplication;
import io.flytrap.testsupport.MutableClock;
import io.flytrap.testsupport.MutableClockConfiguration;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness goes down while the workers leave an event waiting longer than flytrap.health.max-queue-age (5m). */
// the same context as ProcessFunctionTests: no workers, so the test decides when the queue is drained
@SpringBootTest(classes = FunctionsApplication.class,
        properties = {"flytrap.worker.enabled=false", "spring.flyway.enabled=true"})
@Import(MutableClockConfiguration.class)
@UsesTestDatabase
class QueueReadinessTests {

    @Autowired
    HealthEndpoint health;
    @Autowired
    PostgresEventQueue queue;
    @Autowired
    HealthProperties properties;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void emptyQueue() {
        QueuedEvents.deleteAll(jdbc);
    }

    private Status readiness() {
        return health.healthForPath("readiness").getStatus();
    }

    @Test
    void shouldGoDownWhileAnEventWaitsLongerThanTheThresholdAndUpWhenItIsProcessed() {
        assertThat(properties.maxQueueAge()).isEqualTo(Duration.ofMinutes(5));
        queue.enqueue(new QueuedEvent(8101, UUID.randomUUID(), NativePayloadParser.ERROR_PROTOCOL,
                "{}".getBytes(StandardCharsets.UTF_8), Map.of(), clock.instant()));

        clock.advance(properties.maxQueueAge().minusSeconds(1));
        assertThat(readiness()).as("a young backlog is no reason to stop taking traffic").isEqualTo(Status.UP);

        clock.advance(Duration.ofSeconds(2));
        assertThat(readiness()).as("the oldest event waited past the threshold").isEqualTo(Status.DOWN);
        assertThat(health.healthForPath("liveness").getStatus()).as("a backlog must not restart the process")
                .isEqualTo(Status.UP);

        queue.complete(queue.claim(10));
        assertThat(readiness()).as("ready again once the workers caught up").isEqualTo(Status.UP);
    }

    @Test
    void shouldNotCountDeadLettersAsABacklog() {
        jdbc.sql("""
                        insert into event_queue (project_id, event_id, protocol, payload, received_at, available_at, queued_at,
                                                 state, attempts)
                        values (8102, ?, 'native-error', '\\x7b7d', ?, ?, ?, 'dead', 5)""")
                .params(UUID.randomUUID(), java.sql.Timestamp.from(clock.instant().minus(Duration.ofDays(2))),
                        java.sql.Timestamp.from(clock.instant()), java.sql.Timestamp.from(clock.instant().minus(Duration.ofDays(2))))
                .update();

        assertThat(readiness()).as("a dead letter waits for a person, not for the workers").isEqualTo(Status.UP);
    }
}
