package io.flytrap.core.queue;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The failure history of events on the SQS queue, which cannot keep it itself (a message's attributes are fixed when
 * it is sent): the processor records each failure, and the dead-letter list shows the last error, the attempts and
 * the first failure of the messages waiting in the dead-letter queue. The PostgreSQL queue keeps the same facts in
 * its own rows and does not use this.
 */
@Transactional
public class QueueFailures {

    /** SQS keeps a message 14 days at most: older rows can only belong to events that are gone or were stored since. */
    static final Duration KEPT = Duration.ofDays(14);
    /** As much of an error as the PostgreSQL queue keeps. */
    static final int ERROR_KEPT = 2_000;

    public record Key(long projectId, UUID eventId) {
    }

    /** @param attempts failures since the first one; a replay does not reset them on SQS */
    public record Failure(String lastError, int attempts, Instant firstFailure, Instant lastFailure) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    QueueFailures(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One more failed attempt for each of these events, with what it failed with (never the event's content). */
    public void record(Map<Key, String> failures) {
        if (failures.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        failures.forEach((key, error) -> {
            String reason = error == null ? "unknown error" : error.length() > ERROR_KEPT ? error.substring(0, ERROR_KEPT) : error;
            jdbc.sql("""
                            insert into queue_failures (project_id, event_id, last_error, attempts, first_failed_at, last_failed_at)
                            values (?, ?, ?, 1, ?, ?)
                            on conflict (project_id, event_id) do update
                            set last_error = excluded.last_error, attempts = queue_failures.attempts + 1,
                                last_failed_at = excluded.last_failed_at""")
                    .params(key.projectId(), key.eventId(), reason, now, now).update();
        });
        jdbc.sql("delete from queue_failures where last_failed_at < ?").param(Timestamp.from(clock.instant().minus(KEPT))).update();
    }

    @Transactional(readOnly = true)
    public Map<Key, Failure> find(Collection<Key> keys) {
        Map<Key, Failure> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        Long[] projects = keys.stream().map(Key::projectId).toArray(Long[]::new);
        UUID[] events = keys.stream().map(Key::eventId).toArray(UUID[]::new);
        jdbc.sql("""
                        select f.project_id, f.event_id, f.last_error, f.attempts, f.first_failed_at, f.last_failed_at
                        from queue_failures f join unnest(?::bigint[], ?::uuid[]) as k(project_id, event_id)
                          on f.project_id = k.project_id and f.event_id = k.event_id""")
                .params(projects, events)
                .query((rs, i) -> found.put(new Key(rs.getLong("project_id"), rs.getObject("event_id", UUID.class)),
                        new Failure(rs.getString("last_error"), rs.getInt("attempts"),
                                rs.getTimestamp("first_failed_at").toInstant(), rs.getTimestamp("last_failed_at").toInstant())))
                .list();
        return found;
    }

    /** Names of these projects; a deleted project is missing from the answer. */
    @Transactional(readOnly = true)
    public Map<Long, String> projectNames(Collection<Long> ids) {
        Map<Long, String> names = new HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql("select id, name from projects where id = any(?)").param(ids.toArray(Long[]::new))
                    .query((rs, i) -> names.put(rs.getLong("id"), rs.getString("name"))).list();
        }
        return names;
    }

    /** The dead letter was deleted: its history goes with it. */
    public void forget(List<Key> keys) {
        keys.forEach(key -> jdbc.sql("delete from queue_failures where project_id = ? and event_id = ?")
                .params(key.projectId(), key.eventId()).update());
    }
}
