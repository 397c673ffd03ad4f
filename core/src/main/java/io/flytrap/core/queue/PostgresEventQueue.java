package io.flytrap.core.queue;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The event queue as a PostgreSQL table. Producers insert with group commit; workers lease rows with
 * {@code FOR UPDATE SKIP LOCKED} (so any number of workers never take the same row), delete them when processed,
 * and on failure either schedule a retry with backoff or, after {@code maxAttempts}, mark them dead. Leases are
 * short and renewed while a batch is in work, so a crashed worker's events come back within seconds.
 */
public class PostgresEventQueue implements EventQueue, AutoCloseable {

    private static final TypeReference<Map<String, String>> META = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JdbcTemplate updates;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final QueueProperties properties;
    private final GroupCommitWriter<QueuedEvent> writer;
    /** Lets an idle worker in this JVM start at once when something arrives, instead of at its next poll. */
    private final Semaphore arrivals = new Semaphore(0);
    private final LeaseRenewer leases;

    /** A batch's claim on its events, renewed until closed. */
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    public PostgresEventQueue(JdbcClient jdbc, JdbcTemplate jdbcTemplate, TransactionTemplate transactions,
                              JsonMapper json, Clock clock, QueueProperties properties) {
        this.jdbc = jdbc;
        this.updates = jdbcTemplate;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
        this.writer = new GroupCommitWriter<>("queue-writer", properties.capacity(), properties.writerThreads(),
                properties.maxBatch(), properties.enqueueDeadline(), () -> new QueueInserts(jdbcTemplate.getDataSource(),
                        properties.enqueueTimeout(), event -> json.writeValueAsString(event.meta()), this::wakeWorkers));
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

    /** Leases up to {@code max} ready events; each comes back by itself if not completed or failed in time. */
    public List<ClaimedEvent> claim(int max) {
        Instant now = clock.instant();
        return jdbc.sql("""
                        update event_queue q set attempts = q.attempts + 1, available_at = ?
                        where q.id in (select id from event_queue
                                       where state = 'pending' and available_at <= ?
                                       order by available_at, id limit ? for update skip locked)
                        returning q.*""")
                .params(Timestamp.from(now.plus(properties.lease())), Timestamp.from(now), max)
                .query(claimed()).list().stream()
                .sorted(java.util.Comparator.comparingLong(ClaimedEvent::queueId)).toList();
    }

    /**
     * Keeps the events leased while the caller works on them, until the returned lease is closed. Close it before
     * completing or failing them.
     */
    public Lease keepLeased(List<ClaimedEvent> events) {
        return leases.hold(events);
    }

    /**
     * Extends the leases of events this worker still holds; returns how many it still held. The attempt count is
     * the fence: a claim by another worker raised it, so a worker that lost an event cannot take it back.
     */
    public int renew(List<ClaimedEvent> events) {
        return jdbc.sql("""
                        update event_queue q set available_at = ?
                        from unnest(?::bigint[], ?::int[]) as held(id, attempts)
                        where q.id = held.id and q.attempts = held.attempts and q.state = 'pending'""")
                .params(Timestamp.from(clock.instant().plus(properties.lease())),
                        events.stream().map(ClaimedEvent::queueId).toArray(Long[]::new),
                        events.stream().map(ClaimedEvent::attempts).toArray(Integer[]::new))
                .update();
    }

    /**
     * Removes processed events. Not fenced by the attempt count like {@link #renew} and {@link #fail}: a worker
     * completes only events that are stored or need no storing, so removing them is right whoever holds them now.
     */
    public void complete(List<Long> queueIds) {
        if (!queueIds.isEmpty()) {
            jdbc.sql("delete from event_queue where id = any(?)").param(queueIds.toArray(Long[]::new)).update();
        }
    }

    /**
     * Schedules another attempt with backoff for each failed event, or dead-letters it once its attempts are used up,
     * all in one transaction: one commit, not one per event, so ten poison events in a batch do not cost ten fsyncs.
     * Does nothing for an event another worker has claimed since (its lease ran out): that worker decides now.
     * The reason is kept as the event's last error, which administrators read on the dead-letter page: callers pass
     * a description of the failure, never the event's content.
     */
    public void fail(Map<ClaimedEvent, String> failures) {
        Instant now = clock.instant();
        List<Object[]> dead = new ArrayList<>();
        List<Object[]> retries = new ArrayList<>();
        failures.forEach((event, error) -> {
            String reason = error == null ? "unknown error" : error.length() > 2000 ? error.substring(0, 2000) : error;
            if (event.attempts() >= properties.maxAttempts()) {
                dead.add(new Object[]{reason, Timestamp.from(now), Timestamp.from(now), event.queueId(), event.attempts()});
            } else {
                retries.add(new Object[]{Timestamp.from(now.plus(properties.backoffAfter(event.attempts()))), reason,
                        Timestamp.from(now), Timestamp.from(now), event.queueId(), event.attempts()});
            }
        });
        if (dead.isEmpty() && retries.isEmpty()) {
            return;
        }
        transactions.executeWithoutResult(status -> {
            if (!dead.isEmpty()) {
                updates.batchUpdate("""
                        update event_queue set state = 'dead', last_error = ?,
                            first_failed_at = coalesce(first_failed_at, ?), last_failed_at = ?
                        where id = ? and attempts = ?""", dead);
            }
            if (!retries.isEmpty()) {
                updates.batchUpdate("""
                        update event_queue set available_at = ?, last_error = ?,
                            first_failed_at = coalesce(first_failed_at, ?), last_failed_at = ?
                        where id = ? and attempts = ?""", retries);
            }
        });
    }

    /**
     * How long the oldest waiting event has been in the queue (since it was enqueued or replayed); zero when none
     * waits. Readiness reads it on every probe; an index on the waiting events' queue time keeps it cheap in a backlog.
     */
    public Duration oldestAge() {
        Timestamp oldest = jdbc.sql("select min(queued_at) from event_queue where state = 'pending'")
                .query((rs, i) -> rs.getTimestamp(1)).list().getFirst();
        return oldest == null ? Duration.ZERO : ageOf(oldest.toInstant());
    }

    /**
     * Depth, oldest queue time and dead letters in one read, for metrics (one scan of the table; it holds only what
     * is not processed yet). Dead letters wait for a person, so they count apart from the depth.
     */
    public QueueStats stats() {
        return jdbc.sql("""
                        select count(*) filter (where state = 'pending') as pending,
                               min(queued_at) filter (where state = 'pending') as oldest,
                               count(*) filter (where state = 'dead') as dead
                        from event_queue""")
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

    private RowMapper<ClaimedEvent> claimed() {
        return (rs, i) -> new ClaimedEvent(rs.getLong("id"), new QueuedEvent(rs.getLong("project_id"),
                rs.getObject("event_id", UUID.class), rs.getString("protocol"), rs.getBytes("payload"),
                json.readValue(rs.getString("meta"), META), rs.getTimestamp("received_at").toInstant()),
                rs.getInt("attempts"));
    }

    @Override
    public void close() {
        leases.close();
        writer.close();
    }
}
