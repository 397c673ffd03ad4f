package io.flytrap.core.queue;

import io.flytrap.testsupport.QueuedEvents;
import io.flytrap.core.process.BatchItem;
import io.flytrap.core.process.BatchOutcome;
import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.MutableClock;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Leases (#20 item 2): two queue instances over the same table play two worker processes, with a one-second lease so
 * that "within seconds" and "longer than the lease" fit in a test. A crashed worker's events come back and a lease
 * is renewed on the real clock; a lease that merely has to run out is run out on a {@link MutableClock}.
 */
@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
class LeaseRenewalTests {

    private static final Duration LEASE = Duration.ofSeconds(1);
    private static final long PROJECT = 931;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    JdbcTemplate jdbcTemplate;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JsonMapper json;
    @Autowired
    QueueProperties defaults;
    @Autowired
    EventProcessor processor;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;

    final List<PostgresEventQueue> workers = new ArrayList<>();

    @BeforeEach
    void emptyQueue() {
        QueuedEvents.deleteAll(jdbc);
    }

    @AfterEach
    void closeWorkers() {
        workers.forEach(PostgresEventQueue::close);
    }

    private PostgresEventQueue worker() {
        return worker(Clock.systemUTC());
    }

    private PostgresEventQueue worker(Clock clock) {
        QueueProperties shortLease = new QueueProperties(defaults.maxAttempts(), defaults.retryBackoff(),
                defaults.maxRetryBackoff(), LEASE, defaults.capacity(), defaults.writerThreads(), defaults.maxBatch(),
                defaults.enqueueTimeout(), defaults.enqueueDeadline());
        PostgresEventQueue queue = new PostgresEventQueue(jdbc, jdbcTemplate, transactions, json, clock, shortLease);
        workers.add(queue);
        return queue;
    }

    private void enqueue(PostgresEventQueue queue, int events) {
        enqueue(queue, events, Clock.systemUTC());
    }

    /** Received, and so available, at the clock's time. */
    private void enqueue(PostgresEventQueue queue, int events, Clock clock) {
        for (int i = 0; i < events; i++) {
            queue.enqueue(new QueuedEvent(PROJECT, UUID.randomUUID(), NativePayloadParser.ERROR_PROTOCOL,
                    "{}".getBytes(StandardCharsets.UTF_8), Map.of(), clock.instant()));
        }
    }

    /** A clock for the workers of one test, to run their leases out without waiting. */
    private static MutableClock leaseClock() {
        return new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    /** The view's row of a claimed event: its own row's, or its batch's and place in it. */
    private static String rowOf(ClaimedEvent claimed) {
        return claimed.inBatch() ? "batch_id = " + claimed.queueId() + " and batch_position = " + claimed.position()
                : "id = " + claimed.queueId();
    }

    private String availableAt(ClaimedEvent claimed) {
        return jdbc.sql("select available_at::text || ' attempts ' || attempts from queued_events where " + rowOf(claimed))
                .query(String.class).single();
    }

    @Test
    void shouldLeaseForSecondsNotMinutesByDefault() {
        assertThat(defaults.lease()).as("a crash delays events by seconds").isLessThanOrEqualTo(Duration.ofSeconds(30))
                .as("but a lease is renewed a few times per lease, so not shorter than a few round trips")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldHandACrashedWorkersEventsToAnotherWorkerWithinSeconds() throws Exception {
        PostgresEventQueue crashed = worker();
        PostgresEventQueue survivor = worker();
        enqueue(crashed, 5);
        List<ClaimedEvent> lost = crashed.claim(10);
        assertThat(lost).hasSize(5);
        long crashedAt = System.nanoTime();
        // the crash: neither completed, nor failed, nor renewed

        assertThat(survivor.claim(10)).as("not handed out twice while the lease runs").isEmpty();
        List<ClaimedEvent> recovered = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> survivor.claim(10), claimed -> !claimed.isEmpty());
        Duration delay = Duration.ofNanos(System.nanoTime() - crashedAt);

        assertThat(recovered).as("every event of the crashed worker comes back").hasSize(5)
                .extracting(ClaimedEvent::queueId).containsExactlyElementsOf(lost.stream().map(ClaimedEvent::queueId).toList());
        assertThat(recovered).extracting(ClaimedEvent::attempts).containsOnly(2);
        assertThat(delay).as("within seconds of the crash, not minutes").isLessThan(LEASE.plusSeconds(2));
    }

    @Test
    void shouldNotHandASlowBatchToASecondWorkerWhileItsLeaseIsRenewed() throws Exception {
        PostgresEventQueue slow = worker();
        PostgresEventQueue other = worker();
        enqueue(slow, 3);
        List<ClaimedEvent> batch = slow.claim(10);

        try (AutoCloseable lease = slow.keepLeased(batch)) {
            for (int i = 0; i < 6; i++) { // three leases long in all
                // Kept: the renewer is a real thread on real time, and time passing while it renews is the scenario
                Thread.sleep(LEASE.toMillis() / 2);
                assertThat(other.claim(10)).as("a batch still in work is never processed twice").isEmpty();
            }
        }
        slow.complete(batch);

        assertThat(jdbc.sql("select count(*) from queued_events where project_id = ?").param(PROJECT)
                .query(Long.class).single()).as("completed by the worker that kept it").isZero();
    }

    @Test
    void shouldNotLetAWorkerThatLostItsLeaseRenewOrFailItAgain() throws Exception {
        MutableClock clock = leaseClock();
        PostgresEventQueue stalled = worker(clock);
        PostgresEventQueue successor = worker(clock);
        enqueue(stalled, 1, clock);
        ClaimedEvent stale = stalled.claim(1).getFirst();
        assertThat(successor.claim(1)).as("not handed out while the lease runs").isEmpty();
        clock.advance(LEASE.plusMillis(200));
        ClaimedEvent current = successor.claim(1).getFirst();
        String leasedBySuccessor = availableAt(current);
        clock.advance(Duration.ofMillis(100)); // a renewal now would move the lease, so "untouched" can fail

        int renewed = stalled.renew(List.of(stale));
        stalled.fail(Map.of(stale, "the stalled worker's late failure"));

        assertThat(renewed).as("the stale lease is not renewed").isZero();
        assertThat(availableAt(current)).as("the successor's lease is untouched").isEqualTo(leasedBySuccessor);
        assertThat(jdbc.sql("select last_error from queued_events where " + rowOf(current))
                .query(String.class).optional()).as("nor is a retry scheduled over it").isEmpty();
        assertThat(jdbc.sql("select count(*) from queued_events where project_id = ?").param(PROJECT).query(Long.class)
                .single()).as("nor is the event copied out of its batch").isEqualTo(1);
        assertThat(successor.renew(List.of(current))).as("the holder can still renew").isEqualTo(1);
    }

    /**
     * Guards what a short lease makes more likely rather than new behaviour (it passed before the change too): a
     * worker that stored a batch and crashed before deleting it from the queue leaves it to be processed again.
     */
    @Test
    void shouldNotStoreTwiceAnEventWhoseWorkerCrashedAfterStoringIt() throws Exception {
        long projectId = projects.create(TestAccounts.member(users, "lease"), "Leased", "javascript").project().id();
        MutableClock clock = leaseClock();
        PostgresEventQueue crashed = worker(clock);
        PostgresEventQueue survivor = worker(clock);
        crashed.enqueue(new QueuedEvent(projectId, UUID.randomUUID(), NativePayloadParser.ERROR_PROTOCOL, """
                {"data": {"error": {"name": "TypeError", "message": "x is undefined"}, "project_id": %d}}"""
                .formatted(projectId).getBytes(StandardCharsets.UTF_8), Map.of(), clock.instant()));
        ClaimedEvent first = crashed.claim(1).getFirst();
        assertThat(processor.process(List.of(new BatchItem("first", first.event()))).done()).containsExactly("first");
        // crashed here: stored, never completed

        clock.advance(LEASE.plusMillis(200));
        ClaimedEvent again = survivor.claim(1).getFirst();
        BatchOutcome redelivery = processor.process(List.of(new BatchItem("again", again.event())));
        survivor.complete(List.of(again));

        assertThat(again.event().eventId()).isEqualTo(first.event().eventId());
        assertThat(redelivery.done()).as("done, so it is deleted, not retried").containsExactly("again");
        assertThat(redelivery.failed()).isEmpty();
        assertThat(jdbc.sql("select count(*) from events where project_id = ?").param(projectId).query(Long.class).single())
                .as("stored once, not twice").isEqualTo(1);
        assertThat(jdbc.sql("select event_count from issues where project_id = ?").param(projectId).query(Long.class).single())
                .as("counted once").isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from queued_events where project_id = ?").param(projectId).query(Long.class).single())
                .as("nothing left to redeliver").isZero();
    }
}
