package io.flytrap.core.queue;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.NotFoundException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What administrators do with the PostgreSQL queue's dead letters: list them, replay them (back into the queue as new
 * work, with attempts counted from zero, for the normal processor path) and delete them. A replayed event is stored
 * once however often it is replayed and whatever races it: the processor stores one event per (project, event id),
 * and a replay changes only rows that are still dead, so replaying the same letter twice finds nothing the second time.
 * Every method is for administrators only: dead letters of all projects are listed together.
 */
@Transactional
public class DeadLetterService implements DeadLetters {

    /** Longest last error a list shows; the queue keeps up to 2,000 characters. */
    static final int ERROR_SHOWN = 500;
    private static final String REFUSAL = "only administrators may see and repair dead letters";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final PostgresEventQueue queue;

    DeadLetterService(JdbcClient jdbc, Clock clock, PostgresEventQueue queue) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.queue = queue;
    }

    @Override
    @Transactional(readOnly = true)
    public Page list(Caller caller, int offset, int limit) {
        caller.requireAdministrator(REFUSAL);
        if (offset < 0 || limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("offset must be >= 0 and limit 1 to " + MAX_PAGE_SIZE);
        }
        List<DeadLetter> items = jdbc.sql("""
                        select q.id, q.project_id, p.name, q.event_id, q.last_error, q.attempts, q.first_failed_at,
                               q.last_failed_at, q.received_at
                        from event_queue q left join projects p on p.id = q.project_id
                        where q.state = 'dead'
                        order by q.last_failed_at desc nulls last, q.id desc
                        offset ? limit ?""")
                .params(offset, limit).query(deadLetter()).list();
        return new Page(items, offset, limit, count());
    }

    /**
     * Puts these dead letters back into the queue. All or nothing: when one of the ids is not a dead letter (unknown,
     * deleted, or already replayed), nothing is replayed and {@link NotFoundException} names it.
     */
    @Override
    public Replayed replay(Caller caller, List<String> ids) {
        caller.requireAdministrator(REFUSAL);
        if (ids == null || ids.isEmpty() || ids.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("ids must list at least one dead letter id");
        }
        if (ids.size() > REPLAY_ALL_LIMIT) {
            throw new IllegalArgumentException("at most " + REPLAY_ALL_LIMIT + " ids at once");
        }
        TreeSet<Long> wanted = new TreeSet<>(ids.stream().map(DeadLetterService::numeric).toList());
        List<Long> found = jdbc.sql("select id from event_queue where id = any(?) and state = 'dead' order by id for update")
                .param(wanted.toArray(Long[]::new)).query(Long.class).list();
        wanted.removeAll(found);
        if (!wanted.isEmpty()) {
            throw new NotFoundException("dead letter " + wanted.first());
        }
        return requeue(found);
    }

    /** Replays the oldest failures first, at most {@link #REPLAY_ALL_LIMIT}. */
    @Override
    public Replayed replayAll(Caller caller) {
        caller.requireAdministrator(REFUSAL);
        List<Long> oldest = jdbc.sql("""
                        select id from event_queue where state = 'dead'
                        order by last_failed_at nulls first, id limit ? for update skip locked""")
                .param(REPLAY_ALL_LIMIT).query(Long.class).list();
        return requeue(oldest);
    }

    @Override
    public void delete(Caller caller, String id) {
        caller.requireAdministrator(REFUSAL);
        if (jdbc.sql("delete from event_queue where id = ? and state = 'dead'").param(numeric(id)).update() == 0) {
            throw new NotFoundException("dead letter " + id);
        }
    }

    /** The PostgreSQL queue's ids are numbers; anything else is a bad request, not an unknown dead letter. */
    private static long numeric(String id) {
        try {
            return Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("dead letter ids are numbers on the PostgreSQL queue: " + id);
        }
    }

    private Replayed requeue(List<Long> ids) {
        if (!ids.isEmpty()) {
            Timestamp now = Timestamp.from(clock.instant());
            // The last error stays until a new failure replaces it; the failure times start again with the attempts
            jdbc.sql("""
                            update event_queue set state = 'pending', attempts = 0, available_at = ?, queued_at = ?,
                                first_failed_at = null, last_failed_at = null
                            where id = any(?) and state = 'dead'""")
                    .params(now, now, ids.toArray(Long[]::new)).update();
            queue.wakeWorkers();
        }
        return new Replayed(ids.size(), count());
    }

    private long count() {
        return jdbc.sql("select count(*) from event_queue where state = 'dead'").query(Long.class).single();
    }

    private static RowMapper<DeadLetter> deadLetter() {
        return (rs, i) -> {
            String error = rs.getString("last_error");
            return new DeadLetter(Long.toString(rs.getLong("id")), new DeadLetter.Project(rs.getLong("project_id"), rs.getString("name")),
                    rs.getObject("event_id", UUID.class),
                    error != null && error.length() > ERROR_SHOWN ? error.substring(0, ERROR_SHOWN) + "…" : error,
                    rs.getInt("attempts"), instant(rs.getTimestamp("first_failed_at")),
                    instant(rs.getTimestamp("last_failed_at")), instant(rs.getTimestamp("received_at")));
        };
    }

    private static java.time.Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
