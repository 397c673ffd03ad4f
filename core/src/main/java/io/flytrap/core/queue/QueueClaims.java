package io.flytrap.core.queue;

import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Leasing from both tables of the PostgreSQL queue: {@code queue_batches}, a row per group commit of ingest, and
 * {@code event_queue}, a row per event (retries, dead letters, replays, and events queued before batches existed).
 * A batch is leased whole. Both carry the same lease ({@code available_at}) and fence (the attempt count).
 */
final class QueueClaims {

    private static final TypeReference<Map<String, String>> META = new TypeReference<>() {
    };

    /**
     * One statement, so a claim costs one round trip as before: the ready heads of both tables (locked, skipping
     * what others hold), merged in order of availability, taken while their events fit in {@code max} (the first
     * always, so a batch larger than {@code max} is not stuck), then leased. Rows looked at but not taken are
     * unlocked when the statement commits.
     */
    private static final String CLAIM = """
            with batches as (
                select id, event_count, available_at from queue_batches
                where available_at <= :now order by available_at, id limit :max for update skip locked),
            singles as (
                select id, available_at from event_queue
                where state = 'pending' and available_at <= :now order by available_at, id limit :max for update skip locked),
            candidates as (
                select true as batch, id, event_count, available_at from batches
                union all
                select false, id, 1, available_at from singles),
            chosen as (
                select batch, id from (
                    select batch, id, sum(event_count) over w as through, row_number() over w as n
                    from candidates window w as (order by available_at, batch, id)) c
                where through <= :max or n = 1),
            leased_batches as (
                update queue_batches q set attempts = q.attempts + 1, available_at = :lease
                from chosen c where c.batch and q.id = c.id
                returning q.id, q.attempts, q.events),
            leased_singles as (
                update event_queue q set attempts = q.attempts + 1, available_at = :lease
                from chosen c where not c.batch and q.id = c.id
                returning q.*)
            select id, attempts, events, null::bigint as project_id, null::uuid as event_id, null as protocol,
                   null::bytea as payload, null as meta, null::timestamptz as received_at
            from leased_batches
            union all
            select id, attempts, null, project_id, event_id, protocol, payload, meta::text, received_at
            from leased_singles""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    QueueClaims(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Leases ready events until {@code leaseEnd}: their own rows and whole batches, about {@code max} events. */
    List<ClaimedEvent> claim(int max, Instant now, Instant leaseEnd) {
        List<ClaimedEvent> claimed = new ArrayList<>();
        jdbc.sql(CLAIM).param("now", Timestamp.from(now)).param("max", max).param("lease", Timestamp.from(leaseEnd))
                .query((ResultSet rs) -> {
                    while (rs.next()) {
                        read(rs, claimed);
                    }
                    return claimed;
                });
        claimed.sort(Comparator.comparing(ClaimedEvent::inBatch).thenComparingLong(ClaimedEvent::queueId)
                .thenComparingInt(ClaimedEvent::position));
        return claimed;
    }

    private void read(ResultSet rs, List<ClaimedEvent> claimed) throws SQLException {
        long id = rs.getLong("id");
        int attempts = rs.getInt("attempts");
        byte[] batch = rs.getBytes("events");
        if (batch != null) {
            List<QueuedEvent> events = QueueBatchCodec.decode(batch);
            for (int position = 0; position < events.size(); position++) {
                claimed.add(new ClaimedEvent(id, position, events.size(), events.get(position), attempts));
            }
        } else {
            claimed.add(new ClaimedEvent(id, new QueuedEvent(rs.getLong("project_id"),
                    rs.getObject("event_id", UUID.class), rs.getString("protocol"), rs.getBytes("payload"),
                    json.readValue(rs.getString("meta"), META), rs.getTimestamp("received_at").toInstant()), attempts));
        }
    }

    /**
     * Extends the leases of the rows these events are in, while this worker still holds them; returns how many of
     * the events it still held. The attempt count is the fence: a claim by another worker raised it.
     */
    int renew(List<ClaimedEvent> events, Instant leaseEnd) {
        Map<Long, Integer> singles = new LinkedHashMap<>();
        Map<Long, Integer> batches = new LinkedHashMap<>();
        events.forEach(e -> (e.inBatch() ? batches : singles).put(e.queueId(), e.attempts()));
        int held = 0;
        if (!singles.isEmpty()) {
            held += jdbc.sql("""
                            update event_queue q set available_at = ?
                            from unnest(?::bigint[], ?::int[]) as held(id, attempts)
                            where q.id = held.id and q.attempts = held.attempts and q.state = 'pending'""")
                    .params(Timestamp.from(leaseEnd), singles.keySet().toArray(Long[]::new),
                            singles.values().toArray(Integer[]::new))
                    .update();
        }
        if (!batches.isEmpty()) {
            held += jdbc.sql("""
                            with renewed as (
                                update queue_batches q set available_at = ?
                                from unnest(?::bigint[], ?::int[]) as held(id, attempts)
                                where q.id = held.id and q.attempts = held.attempts
                                returning q.event_count)
                            select coalesce(sum(event_count), 0) from renewed""")
                    .params(Timestamp.from(leaseEnd), batches.keySet().toArray(Long[]::new),
                            batches.values().toArray(Integer[]::new))
                    .query(Integer.class).single();
        }
        return held;
    }
}
