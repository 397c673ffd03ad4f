package io.flytrap.core.queue;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The event queue as a PostgreSQL table. Producers insert with group commit; workers lease rows with
 * {@code FOR UPDATE SKIP LOCKED} (so any number of workers never take the same row), delete them when processed,
 * and on failure either schedule a retry with backoff or, after {@code maxAttempts}, mark them dead. Leases are
 * short and renewed while a batch is in work, so a crashed worker's events come back within seconds.
 */
public class PostgresEventQueue implements EventQueue, AutoCloseable {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final QueueProperties properties;
    private final GroupCommitWriter<QueuedEvent> writer;
    /** Lets an idle worker in this JVM start at once when something arrives, instead of at its next poll. */
    private final Semaphore arrivals = new Semaphore(0);
    private final LeaseRenewer leases;
    private final QueueClaims claims;
    private final QueueSettlement settlement;

    /** A batch's claim on its events, renewed until closed. */
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    public PostgresEventQueue(JdbcClient jdbc, JdbcTemplate jdbcTemplate, TransactionTemplate transactions,
                              JsonMapper json, Clock clock, QueueProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        this.writer = new GroupCommitWriter<>("queue-writer", properties.capacity(), properties.writerThreads(),
                properties.maxBatch(), properties.enqueueDeadline(), () -> new QueueInserts(jdbcTemplate.getDataSource(),
                        properties.enqueueTimeout(), this::wakeWorkers));
        this.claims = new QueueClaims(jdbc, json);
        this.settlement = new QueueSettlement(jdbc, jdbcTemplate, transactions, clock, properties);
        this.leases = new LeaseRenewer(properties.lease(), this::renew);
    }

    @Override
    public void enqueue(QueuedEvent event) {
        writer.write(event);
    }

    /** Lets a worker of this JVM that waits for arrivals look at the queue now (new or replayed events). */
    void wakeWorkers() {
        if (arrivals.availablePermits() == 0) {
            arrivals.release();
        }
    }

    /**
     * Leases about {@code max} ready events (a batch of ingest's is leased whole, so a claim may hold more); each comes
     * back by itself if not finished in time.
     */
    public List<ClaimedEvent> claim(int max) {
        Instant now = clock.instant();
        return claims.claim(max, now, now.plus(properties.lease()));
    }

    /**
     * Keeps the events leased while the caller works on them, until the returned lease is closed. Close it before
     * finishing them.
     */
    public Lease keepLeased(List<ClaimedEvent> events) {
        return leases.hold(events);
    }

    /**
     * Extends the leases of events this worker still holds; returns how many it still held. The attempt count is
     * the fence: a claim by another worker raised it, so a worker that lost an event cannot take it back.
     */
    public int renew(List<ClaimedEvent> events) {
        return claims.renew(events, clock.instant().plus(properties.lease()));
    }

    /**
     * Settles a claim: removes what is done; schedules another attempt with backoff for each failed event, or
     * dead-letters it once its attempts are used up; an event of a batch that is neither goes back to the queue at
     * once. Failures and batches not wholly done are settled in one transaction. Does nothing for an event another
     * worker has claimed since (its lease ran out): that worker decides now. The reason is kept as the event's last
     * error, which administrators read on the dead-letter page: callers pass a description of the failure, never the
     * event's content.
     *
     * @param claimed what the worker claimed and settles now, including events in neither {@code done} nor
     *                {@code failed}
     */
    public void finish(Collection<ClaimedEvent> claimed, Collection<ClaimedEvent> done, Map<ClaimedEvent, String> failed) {
        settlement.finish(claimed, done, failed);
    }

    /** Removes processed events; the rest of a batch of which only some events are passed goes back to the queue. */
    public void complete(Collection<ClaimedEvent> done) {
        finish(done, done, Map.of());
    }

    /** Retries or dead-letters failed events; the rest of a batch of which only some events are passed goes back. */
    public void fail(Map<ClaimedEvent, String> failures) {
        finish(failures.keySet(), List.of(), failures);
    }

    /**
     * How long the oldest waiting event has been in the queue (since it was enqueued or replayed); zero when none
     * waits. Readiness reads it on every probe; an index on the waiting events' queue time keeps it cheap in a backlog.
     */
    public Duration oldestAge() {
        Timestamp oldest = jdbc.sql("""
                        select least((select min(queued_at) from event_queue where state = 'pending'),
                                     (select min(queued_at) from queue_batches))""")
                .query((rs, i) -> rs.getTimestamp(1)).list().getFirst();
        return oldest == null ? Duration.ZERO : ageOf(oldest.toInstant());
    }

    /**
     * Depth, oldest queue time and dead letters in one read, for metrics (one scan of the table; it holds only what
     * is not processed yet). Dead letters wait for a person, so they count apart from the depth.
     */
    public QueueStats stats() {
        return jdbc.sql("""
                        select sum(pending) as pending, min(oldest) as oldest, sum(dead) as dead from (
                            select count(*) filter (where state = 'pending') as pending,
                                   min(queued_at) filter (where state = 'pending') as oldest,
                                   count(*) filter (where state = 'dead') as dead
                            from event_queue
                            union all
                            select coalesce(sum(event_count), 0), min(queued_at), 0 from queue_batches) queue""")
                .query((rs, i) -> {
                    Timestamp oldest = rs.getTimestamp("oldest");
                    return new QueueStats(rs.getLong("pending"), oldest == null ? null : oldest.toInstant(),
                            rs.getLong("dead"));
                }).single();
    }

    private Duration ageOf(Instant queuedAt) {
        Duration age = Duration.between(queuedAt, clock.instant());
        return age.isNegative() ? Duration.ZERO : age;
    }

    /** Waits until something was enqueued in this JVM or the timeout passes, whichever is first. */
    public void awaitArrivals(Duration timeout) throws InterruptedException {
        if (arrivals.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            arrivals.drainPermits();
        }
    }

    @Override
    public void close() {
        leases.close();
        writer.close();
    }
}
