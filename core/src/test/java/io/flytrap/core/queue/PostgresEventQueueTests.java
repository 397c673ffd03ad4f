package io.flytrap.core.queue;

import io.flytrap.testsupport.QueuedEvents;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.MutableClock;
import io.flytrap.testsupport.UsesTestDatabase;
import com.zaxxer.hikari.HikariDataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
class PostgresEventQueueTests {

    @Autowired
    PostgresEventQueue queue;
    @Autowired
    QueueProperties properties;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    DataSource dataSource;

    @BeforeEach
    void emptyQueue() {
        QueuedEvents.deleteAll(jdbc);
    }

    private QueuedEvent event(long projectId) {
        return new QueuedEvent(projectId, UUID.randomUUID(), NativePayloadParser.ERROR_PROTOCOL,
                "{}".getBytes(StandardCharsets.UTF_8), Map.of("client_ip", "127.0.0.1"), clock.instant());
    }

    private long rowsWithEventId(UUID eventId) {
        return jdbc.sql("select count(*) from queued_events where event_id = ?").param(eventId).query(Long.class).single();
    }

    @Test
    void shouldHaveCommittedEveryConcurrentEnqueueByTheTimeItReturns() throws Exception {
        int threads = 16;
        int perThread = 25;
        List<Future<List<Long>>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    List<Long> visibleAfterReturn = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        QueuedEvent event = event(901);
                        queue.enqueue(event);
                        visibleAfterReturn.add(rowsWithEventId(event.eventId()));
                    }
                    return visibleAfterReturn;
                }));
            }
            for (Future<List<Long>> result : results) {
                assertThat(result.get()).as("each enqueue is committed when it returns").containsOnly(1L);
            }
        }
        assertThat(jdbc.sql("select count(*) from queued_events where project_id = 901").query(Long.class).single())
                .isEqualTo(threads * perThread);
    }

    @Test
    void shouldKeepTheRawPayloadAndMetaIntact() {
        QueuedEvent event = new QueuedEvent(902, UUID.randomUUID(), NativePayloadParser.REJECTION_PROTOCOL,
                new byte[]{0, 1, 2, (byte) 0xff}, Map.of("user_agent", "curl/8"), clock.instant());
        queue.enqueue(event);

        ClaimedEvent claimed = queue.claim(10).getFirst();

        assertThat(claimed.event().payload()).containsExactly(0, 1, 2, 0xff);
        assertThat(claimed.event().meta()).containsEntry("user_agent", "curl/8");
        assertThat(claimed.event().eventId()).isEqualTo(event.eventId());
        assertThat(claimed.event().protocol()).isEqualTo(NativePayloadParser.REJECTION_PROTOCOL);
        assertThat(claimed.attempts()).isEqualTo(1);
    }

    /** Every column of a queued event reads back as it was written, the time rounded to microseconds as JDBC does. */
    @Test
    void shouldStoreEveryColumnAsWritten() {
        Instant second = clock.instant().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
        Instant receivedAt = second.plusNanos(123_456_789);
        QueuedEvent event = new QueuedEvent(903, UUID.randomUUID(), NativePayloadParser.ERROR_PROTOCOL,
                "{\"message\":\"ü €\"}".getBytes(StandardCharsets.UTF_8),
                Map.of("user_agent", "Mozilla/5.0 (ü \"quoted\")", "client_ip", "2001:db8::1"), receivedAt);
        queue.enqueue(event);

        Map<String, Object> row = jdbc.sql("""
                select project_id, received_at = available_at and received_at = queued_at as same_times,
                       meta ->> 'user_agent' as user_agent, state, attempts from queued_events where event_id = ?""")
                .param(event.eventId()).query().singleRow();
        assertThat(row).containsEntry("project_id", 903L).containsEntry("same_times", true)
                .containsEntry("user_agent", "Mozilla/5.0 (ü \"quoted\")").containsEntry("state", "pending")
                .containsEntry("attempts", 0);
        ClaimedEvent claimed = queue.claim(10).getFirst();
        assertThat(claimed.event().receivedAt()).as("rounded to PostgreSQL's microseconds, as JDBC rounds")
                .isEqualTo(second.plusNanos(123_457_000));
        assertThat(new String(claimed.event().payload(), StandardCharsets.UTF_8)).isEqualTo("{\"message\":\"ü €\"}");
        assertThat(claimed.event().meta()).containsEntry("client_ip", "2001:db8::1");
        assertThat(claimed.event().projectId()).isEqualTo(903);
    }

    /**
     * A slow insert on a live server (here: waiting for a lock) is ended by the writer's statement timeout and rolled
     * back before its caller's deadline, so the 503 it gets never hides a stored event.
     */
    @Test
    void shouldRollBackAnInsertSlowerThanTheEnqueueTimeoutBeforeTheCallerIsAnswered() throws Exception {
        QueuedEvent event = event(904);
        long took;
        try (Connection locker = dataSource.getConnection()) {
            locker.setAutoCommit(false);
            try (Statement lock = locker.createStatement()) {
                lock.execute("lock table queue_batches in exclusive mode");
            }
            long start = System.nanoTime();
            assertThatThrownBy(() -> queue.enqueue(event)).isInstanceOf(QueueUnavailableException.class);
            took = System.nanoTime() - start;
            locker.rollback();
        }
        assertThat(Duration.ofNanos(took)).as("ended by the statement timeout, not by the caller's deadline")
                .isGreaterThanOrEqualTo(properties.enqueueTimeout()).isLessThan(properties.enqueueDeadline());
        assertThat(rowsWithEventId(event.eventId())).as("rolled back: never stored behind the 503").isZero();

        QueuedEvent next = event(904);
        queue.enqueue(next);
        assertThat(rowsWithEventId(next.eventId())).as("the writer goes on with a fresh connection").isEqualTo(1);
    }

    /** The writer's statement timeout is its own: the pool's connections go back to other queries without it. */
    @Test
    void shouldHandTheWritersConnectionBackWithoutItsStatementTimeout() throws Exception {
        queue.enqueue(event(905));
        int poolSize = dataSource.unwrap(HikariDataSource.class).getMaximumPoolSize();
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Connection> all = new ArrayList<>();
            try {
                for (int i = 0; i < poolSize; i++) {
                    all.add(dataSource.getConnection()); // every one, the writer's among them once it let go
                }
                for (Connection connection : all) {
                    try (Statement show = connection.createStatement();
                         ResultSet timeout = show.executeQuery("show statement_timeout")) {
                        timeout.next();
                        assertThat(timeout.getString(1)).isEqualTo("0");
                    }
                }
            } finally {
                for (Connection connection : all) {
                    connection.close();
                }
            }
        });
    }

    @Test
    void shouldNotHandOutLeasedEventsAgainUntilTheLeaseExpires() {
        for (int i = 0; i < 3; i++) {
            queue.enqueue(event(903));
        }

        assertThat(queue.claim(10)).hasSize(3);
        assertThat(queue.claim(10)).as("leased events are invisible to other workers").isEmpty();

        clock.advance(properties.lease().plusSeconds(1));
        List<ClaimedEvent> again = queue.claim(10);
        assertThat(again).as("a crashed worker's events come back").hasSize(3);
        assertThat(again).extracting(ClaimedEvent::attempts).containsOnly(2);
    }

    @Test
    void shouldDeleteCompletedEvents() {
        queue.enqueue(event(904));
        ClaimedEvent claimed = queue.claim(1).getFirst();

        queue.complete(List.of(claimed));

        assertThat(rowsWithEventId(claimed.event().eventId())).isZero();
    }

    @Test
    void shouldRetryWithGrowingBackoffAndDeadLetterAfterMaxAttempts() {
        queue.enqueue(event(905));

        for (int attempt = 1; attempt <= properties.maxAttempts(); attempt++) {
            List<ClaimedEvent> claimed = queue.claim(10);
            assertThat(claimed).as("attempt %d", attempt).singleElement()
                    .extracting(ClaimedEvent::attempts).isEqualTo(attempt);
            queue.fail(Map.of(claimed.getFirst(), "boom " + attempt));
            if (attempt < properties.maxAttempts()) {
                assertThat(queue.claim(10)).as("not retried before its backoff passed").isEmpty();
                clock.advance(properties.backoffAfter(attempt).minusSeconds(1));
                assertThat(queue.claim(10)).as("still backing off").isEmpty();
                clock.advance(java.time.Duration.ofSeconds(1));
            }
        }

        clock.advance(java.time.Duration.ofDays(1));
        assertThat(queue.claim(10)).as("a dead letter is never handed out again").isEmpty();
        assertThat(jdbc.sql("select state || ':' || last_error from queued_events where project_id = 905")
                .query(String.class).single()).isEqualTo("dead:boom " + properties.maxAttempts());
    }

    @Test
    void shouldDoubleTheBackoffUpToItsCap() {
        assertThat(properties.backoffAfter(1)).isEqualTo(properties.retryBackoff());
        assertThat(properties.backoffAfter(2)).isEqualTo(properties.retryBackoff().multipliedBy(2));
        assertThat(properties.backoffAfter(40)).isEqualTo(properties.maxRetryBackoff());
    }
}
