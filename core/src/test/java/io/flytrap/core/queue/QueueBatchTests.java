package io.flytrap.core.queue;

import io.flytrap.core.process.BatchItem;
import io.flytrap.core.process.BatchOutcome;
import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.MutableClock;
import io.flytrap.testsupport.QueuedEvents;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Ingest's group commits as one queue row each (issue #24): a batch is leased, renewed and retried whole; its events
 * that fail leave it for rows of their own, with their retry and dead-letter state, and nothing else of it does. A
 * batch whose lease ran out comes back whole, and processing stores its events once.
 */
@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
class QueueBatchTests {

    private static final long PROJECT = 951;

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
    @Autowired
    EventProcessor processor;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;

    @BeforeEach
    void emptyQueue() {
        QueuedEvents.deleteAll(jdbc);
    }

    private QueuedEvent event(long projectId, String body) {
        return new QueuedEvent(projectId, UUID.randomUUID(), NativePayloadParser.ERROR_PROTOCOL,
                body.getBytes(StandardCharsets.UTF_8), Map.of("client_ip", "10.0.0.7", "user_agent", "ü/1"), clock.instant());
    }

    /** One group commit of these events, stored as the queue's writer stores it. */
    private void storeBatch(QueuedEvent... events) {
        try (QueueInserts inserts = new QueueInserts(dataSource, Duration.ofSeconds(5), () -> {
        })) {
            inserts.store(List.of(events));
        }
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private List<String> queuedEvents() {
        return jdbc.sql("""
                        select event_id || ' ' || state || ' ' || attempts || ' ' || coalesce(last_error, '-')
                               || case when batch_id is null then ' own row' else ' in batch' end
                        from queued_events order by event_id""")
                .query(String.class).list();
    }

    @Test
    void shouldHandOutABatchWholeAndDeleteItOnceEveryEventIsDone() {
        QueuedEvent a = event(PROJECT, "{\"a\":1}");
        QueuedEvent b = event(PROJECT, "{\"b\":\"ü €\"}");
        QueuedEvent c = event(PROJECT + 1, "{\"c\":3}");
        storeBatch(a, b, c);
        assertThat(count("select count(*) from queue_batches")).as("one row for the group commit").isEqualTo(1);
        assertThat(count("select count(*) from event_queue")).as("and none per event").isZero();
        assertThat(queue.stats().pending()).as("the depth counts events, not rows").isEqualTo(3);

        List<ClaimedEvent> claimed = queue.claim(10);

        assertThat(claimed).extracting(e -> e.event().eventId()).containsExactly(a.eventId(), b.eventId(), c.eventId());
        assertThat(claimed).extracting(ClaimedEvent::position).containsExactly(0, 1, 2);
        assertThat(claimed).allSatisfy(e -> {
            assertThat(e.inBatch()).isTrue();
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.batchSize()).isEqualTo(3);
            assertThat(e.queueId()).isEqualTo(claimed.getFirst().queueId());
        });
        assertThat(claimed.get(1).event().payload()).isEqualTo(b.payload());
        assertThat(claimed.get(1).event().meta()).isEqualTo(b.meta());
        assertThat(claimed.get(2).event().projectId()).isEqualTo(PROJECT + 1);
        assertThat(queue.claim(10)).as("leased whole: no event of it goes to a second worker").isEmpty();

        queue.finish(claimed, claimed, Map.of());

        assertThat(queuedEvents()).isEmpty();
        assertThat(queue.stats().pending()).isZero();
    }

    @Test
    void shouldTakeWholeBatchesWhileTheyFitTheClaimAndAlwaysTheFirst() {
        storeBatch(event(PROJECT, "{}"), event(PROJECT, "{}"), event(PROJECT, "{}"));
        storeBatch(event(PROJECT, "{}"), event(PROJECT, "{}"), event(PROJECT, "{}"));

        assertThat(queue.claim(4)).as("the second batch would not fit").hasSize(3);
        assertThat(queue.claim(1)).as("a batch larger than the claim is taken whole, not left behind").hasSize(3);
        assertThat(queue.claim(10)).isEmpty();
    }

    @Test
    void shouldSplitAGroupCommitOfLargeEventsIntoRowsOfBoundedSize() {
        byte[] large = new byte[(int) QueueInserts.ROW_PAYLOAD_BYTES * 3 / 8];
        List<QueuedEvent> events = List.of(new QueuedEvent(PROJECT, UUID.randomUUID(), "native-error", large, Map.of(), clock.instant()),
                new QueuedEvent(PROJECT, UUID.randomUUID(), "native-error", large, Map.of(), clock.instant()),
                new QueuedEvent(PROJECT, UUID.randomUUID(), "native-error", large, Map.of(), clock.instant()));
        storeBatch(events.toArray(QueuedEvent[]::new));

        assertThat(jdbc.sql("select event_count from queue_batches order by id").query(Integer.class).list())
                .as("two events fit a row, the third starts the next").containsExactly(2, 1);
        List<ClaimedEvent> claimed = queue.claim(10);
        assertThat(claimed).extracting(e -> e.event().eventId())
                .containsExactlyElementsOf(events.stream().map(QueuedEvent::eventId).toList());
        assertThat(claimed).allSatisfy(e -> assertThat(e.event().payload()).hasSize(large.length));
    }

    @Test
    void shouldMoveOnlyTheFailedEventOfABatchOutAndRetryItUntilItIsDead() {
        QueuedEvent done1 = event(PROJECT, "{\"fine\":1}");
        QueuedEvent poison = event(PROJECT, "{\"garbage\":true}");
        QueuedEvent done2 = event(PROJECT, "{\"fine\":2}");
        storeBatch(done1, poison, done2);
        List<ClaimedEvent> claimed = queue.claim(10);

        queue.finish(claimed, List.of(claimed.get(0), claimed.get(2)), Map.of(claimed.get(1), "boom 1"));

        assertThat(count("select count(*) from queue_batches")).as("the batch is settled").isZero();
        assertThat(queuedEvents()).as("only the failed event is kept, with its failure")
                .containsExactly(poison.eventId() + " pending 1 boom 1 own row");
        Map<String, Object> kept = jdbc.sql("""
                        select payload, meta ->> 'user_agent' as user_agent, received_at, first_failed_at
                        from event_queue where event_id = ?""").param(poison.eventId()).query().singleRow();
        assertThat((byte[]) kept.get("payload")).isEqualTo(poison.payload());
        assertThat(kept.get("user_agent")).isEqualTo("ü/1");
        // PostgreSQL keeps microseconds
        assertThat(((Timestamp) kept.get("received_at")).toInstant()).isCloseTo(poison.receivedAt(), within(1, ChronoUnit.MICROS));
        assertThat(((Timestamp) kept.get("first_failed_at")).toInstant()).isCloseTo(clock.instant(), within(1, ChronoUnit.MICROS));
        assertThat(queue.claim(10)).as("not retried before its backoff passed").isEmpty();

        for (int attempt = 2; attempt <= properties.maxAttempts(); attempt++) {
            clock.advance(properties.backoffAfter(attempt - 1));
            List<ClaimedEvent> retry = queue.claim(10);
            assertThat(retry).as("attempt %d: the failed event alone", attempt).singleElement().satisfies(e -> {
                assertThat(e.event().eventId()).isEqualTo(poison.eventId());
                assertThat(e.inBatch()).isFalse();
            });
            assertThat(retry.getFirst().attempts()).isEqualTo(attempt);
            queue.fail(Map.of(retry.getFirst(), "boom " + attempt));
        }

        clock.advance(Duration.ofDays(1));
        assertThat(queue.claim(10)).as("a dead letter is never handed out again").isEmpty();
        assertThat(queuedEvents()).as("the done events never came back; the poison one is a dead letter")
                .containsExactly(poison.eventId() + " dead " + properties.maxAttempts() + " boom " + properties.maxAttempts() + " own row");
        assertThat(queue.stats().pending()).isZero();
        assertThat(queue.stats().deadLetters()).isEqualTo(1);
    }

    @Test
    void shouldDeadLetterAtOnceTheFailedEventsOfABatchWhoseAttemptsAreUsedUp() {
        QueuedEvent poison = event(PROJECT, "{}");
        storeBatch(event(PROJECT, "{}"), poison);
        jdbc.sql("update queue_batches set attempts = ?").param(properties.maxAttempts() - 1).update(); // crashed workers
        List<ClaimedEvent> claimed = queue.claim(10);

        queue.finish(claimed, List.of(claimed.getFirst()), Map.of(claimed.get(1), "boom"));

        assertThat(queuedEvents()).containsExactly(poison.eventId() + " dead " + properties.maxAttempts() + " boom own row");
    }

    @Test
    void shouldHandBackAtOnceTheEventsOfABatchThatWereReportedNeitherDoneNorFailed() {
        QueuedEvent done = event(PROJECT, "{}");
        QueuedEvent unreported = event(PROJECT, "{}");
        storeBatch(done, unreported);
        List<ClaimedEvent> claimed = queue.claim(10);

        queue.finish(claimed, List.of(claimed.getFirst()), Map.of());

        assertThat(queuedEvents()).as("not lost, and not counted as a failure")
                .containsExactly(unreported.eventId() + " pending 1 - own row");
        assertThat(queue.claim(10)).as("ready at once").singleElement()
                .satisfies(e -> assertThat(e.event().eventId()).isEqualTo(unreported.eventId()));
    }

    @Test
    void shouldDrainEventsQueuedOneRowEachBeforeBatchesBesideTheBatches() {
        QueuedEvent old = event(PROJECT, "{\"old\":true}");
        // as the previous release's ingest stored it, before the upgrade
        jdbc.sql("""
                        insert into event_queue (project_id, event_id, protocol, payload, meta, received_at, available_at, queued_at)
                        values (?, ?, ?, ?, '{"client_ip": "10.0.0.7"}', ?, ?, ?)""")
                .params(PROJECT, old.eventId(), old.protocol(), old.payload(), Timestamp.from(clock.instant().minusSeconds(60)),
                        Timestamp.from(clock.instant().minusSeconds(60)), Timestamp.from(clock.instant().minusSeconds(60)))
                .update();
        storeBatch(event(PROJECT, "{}"), event(PROJECT, "{}"));
        assertThat(queue.stats().pending()).isEqualTo(3);
        assertThat(queue.oldestAge()).as("the older table's event decides (to PostgreSQL's microsecond)")
                .isBetween(Duration.ofSeconds(60).minusNanos(1_000), Duration.ofSeconds(60).plusNanos(1_000));

        List<ClaimedEvent> claimed = queue.claim(10);

        assertThat(claimed).hasSize(3).filteredOn(e -> !e.inBatch()).singleElement()
                .satisfies(e -> assertThat(e.event().meta()).containsEntry("client_ip", "10.0.0.7"));
        queue.complete(claimed);
        assertThat(queuedEvents()).isEmpty();
        assertThat(queue.oldestAge()).isZero();
    }

    @Test
    void shouldBringABatchWhoseLeaseRanOutBackWholeAndStoreItsEventsOnce() {
        long projectId = projects.create(TestAccounts.member(users, "batch-lease"), "Batched", "javascript").project().id();
        String body = """
                {"data": {"error": {"name": "TypeError", "message": "x is undefined"}, "project_id": %d}}""".formatted(projectId);
        storeBatch(event(projectId, body), event(projectId, body), event(projectId, body));
        List<ClaimedEvent> stalled = queue.claim(10);
        assertThat(processor.process(items(stalled)).done()).as("stored by the first worker").hasSize(3);
        // that worker stalls past its lease before it settles the batch

        clock.advance(properties.lease().plusSeconds(1));
        List<ClaimedEvent> again = queue.claim(10);
        assertThat(again).as("the whole batch comes back").hasSize(3)
                .extracting(ClaimedEvent::attempts).containsOnly(2);
        assertThat(again).extracting(e -> e.event().eventId())
                .containsExactlyElementsOf(stalled.stream().map(e -> e.event().eventId()).toList());

        queue.finish(stalled, List.of(stalled.get(0), stalled.get(2)), Map.of(stalled.get(1), "the stalled worker's late failure"));
        assertThat(queuedEvents()).as("the stale outcome moves nothing out of the batch the successor holds")
                .hasSize(3).allMatch(row -> row.endsWith(" pending 2 - in batch"));

        BatchOutcome redelivery = processor.process(items(again));
        assertThat(redelivery.done()).as("stored before, so done").hasSize(3);
        assertThat(redelivery.failed()).isEmpty();
        queue.finish(again, again, Map.of());

        assertThat(jdbc.sql("select count(*) from events where project_id = ?").param(projectId).query(Long.class).single())
                .as("each event stored once, not twice").isEqualTo(3);
        assertThat(jdbc.sql("select event_count from issues where project_id = ?").param(projectId).query(Long.class).single())
                .as("counted once").isEqualTo(3);
        assertThat(queuedEvents()).as("nothing left to redeliver").isEmpty();
    }

    private static List<BatchItem> items(List<ClaimedEvent> claimed) {
        Map<String, ClaimedEvent> unique = new HashMap<>();
        claimed.forEach(e -> unique.put(e.messageId(), e));
        assertThat(unique).as("message ids name one event each").hasSize(claimed.size());
        return claimed.stream().map(e -> new BatchItem(e.messageId(), e.event())).toList();
    }
}
