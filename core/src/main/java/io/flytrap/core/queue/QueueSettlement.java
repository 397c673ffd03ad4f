package io.flytrap.core.queue;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a worker's outcome does to the queue's rows. An event's own row: deleted when done, retried with backoff or
 * dead-lettered when it failed. A batch: deleted when all its events are done; otherwise its events that are not
 * done (failed, or not reported at all) move into {@code event_queue} with their own retry or dead-letter state, in
 * the statement that deletes the batch. That statement is fenced by the batch's attempt count: when another worker
 * has claimed the batch since, it does nothing and that worker decides (events already stored are stored once, by
 * processing's unique (project_id, event_id)).
 */
final class QueueSettlement {

    private static final String MOVE = """
            with gone as (delete from queue_batches where id = ? and attempts = ? returning events, attempts, queued_at)
            insert into event_queue (project_id, event_id, protocol, payload, meta, received_at, attempts, available_at,
                                     state, last_error, first_failed_at, last_failed_at, queued_at)
            select e.project_id, e.event_id, e.protocol, e.payload, e.meta, e.received_at, gone.attempts,
                   m.available_at::timestamptz, m.state, m.last_error, m.failed_at::timestamptz, m.failed_at::timestamptz,
                   gone.queued_at
            from gone cross join lateral queue_batch_events(gone.events) e
            join unnest(?::int[], ?::text[], ?::text[], ?::text[], ?::text[])
                as m(batch_position, available_at, state, last_error, failed_at) on m.batch_position = e.batch_position""";

    private final JdbcClient jdbc;
    private final JdbcTemplate updates;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final QueueProperties properties;

    QueueSettlement(JdbcClient jdbc, JdbcTemplate updates, TransactionTemplate transactions, Clock clock,
                    QueueProperties properties) {
        this.jdbc = jdbc;
        this.updates = updates;
        this.transactions = transactions;
        this.clock = clock;
        this.properties = properties;
    }

    void finish(Collection<ClaimedEvent> claimed, Collection<ClaimedEvent> done, Map<ClaimedEvent, String> failed) {
        Set<ClaimedEvent> doneSet = new HashSet<>(done);
        Instant now = clock.instant();
        List<Long> singlesDone = done.stream().filter(e -> !e.inBatch()).map(ClaimedEvent::queueId).distinct().toList();
        Map<ClaimedEvent, String> singlesFailed = new LinkedHashMap<>();
        failed.forEach((event, error) -> {
            if (!event.inBatch()) {
                singlesFailed.put(event, error);
            }
        });
        Map<Long, List<ClaimedEvent>> batches = new LinkedHashMap<>();
        for (Collection<ClaimedEvent> events : List.of(claimed, done, failed.keySet())) {
            events.stream().filter(ClaimedEvent::inBatch)
                    .forEach(e -> batches.computeIfAbsent(e.queueId(), id -> new ArrayList<>()).add(e));
        }
        List<Long> batchesDone = new ArrayList<>();
        List<Object[]> moves = new ArrayList<>();
        batches.forEach((id, events) -> {
            ClaimedEvent any = events.getFirst();
            Set<Integer> donePositions = new HashSet<>();
            events.stream().filter(doneSet::contains).forEach(e -> donePositions.add(e.position()));
            if (donePositions.size() == any.batchSize() && events.stream().noneMatch(failed::containsKey)) {
                batchesDone.add(id);
            } else {
                moves.add(move(id, any, donePositions, failedPositions(events, failed), now));
            }
        });
        List<Object[]> dead = new ArrayList<>();
        List<Object[]> retries = new ArrayList<>();
        singlesFailed.forEach((event, error) -> {
            String reason = reason(error);
            if (event.attempts() >= properties.maxAttempts()) {
                dead.add(new Object[]{reason, Timestamp.from(now), Timestamp.from(now), event.queueId(), event.attempts()});
            } else {
                retries.add(new Object[]{Timestamp.from(now.plus(properties.backoffAfter(event.attempts()))), reason,
                        Timestamp.from(now), Timestamp.from(now), event.queueId(), event.attempts()});
            }
        });
        if (moves.isEmpty() && dead.isEmpty() && retries.isEmpty()) {
            // The usual outcome: every event done. Each delete stands on its own, so no transaction is needed
            delete(singlesDone, batchesDone);
            return;
        }
        // One commit for the whole outcome, not one per failed event: ten poison events do not cost ten fsyncs
        transactions.executeWithoutResult(status -> {
            delete(singlesDone, batchesDone);
            moves.forEach(move -> updates.update(MOVE, move));
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
     * Not fenced by the attempt count: a worker reports done only events that are stored or need no storing, so
     * removing them is right whoever holds them now.
     */
    private void delete(List<Long> singles, List<Long> batches) {
        if (!singles.isEmpty()) {
            jdbc.sql("delete from event_queue where id = any(?)").param(singles.toArray(Long[]::new)).update();
        }
        if (!batches.isEmpty()) {
            jdbc.sql("delete from queue_batches where id = any(?)").param(batches.toArray(Long[]::new)).update();
        }
    }

    private static Map<Integer, String> failedPositions(List<ClaimedEvent> events, Map<ClaimedEvent, String> failed) {
        Map<Integer, String> positions = new HashMap<>();
        events.stream().filter(failed::containsKey).forEach(e -> positions.put(e.position(), failed.get(e)));
        return positions;
    }

    /**
     * The MOVE statement's parameters for a batch: each event not done becomes a row of its own; a failed one
     * retried with backoff or dead when the batch's attempts are used up, one not reported pending at once.
     */
    private Object[] move(long batchId, ClaimedEvent any, Set<Integer> done, Map<Integer, String> failures, Instant now) {
        List<Integer> positions = new ArrayList<>();
        List<String> availableAt = new ArrayList<>();
        List<String> states = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<String> failedAt = new ArrayList<>();
        for (int position = 0; position < any.batchSize(); position++) {
            if (done.contains(position) && !failures.containsKey(position)) {
                continue;
            }
            positions.add(position);
            String error = failures.get(position);
            boolean failedNow = failures.containsKey(position);
            boolean deadNow = failedNow && any.attempts() >= properties.maxAttempts();
            availableAt.add((failedNow && !deadNow ? now.plus(properties.backoffAfter(any.attempts())) : now).toString());
            states.add(deadNow ? "dead" : "pending");
            errors.add(failedNow ? reason(error) : null);
            failedAt.add(failedNow ? now.toString() : null);
        }
        return new Object[]{batchId, any.attempts(), positions.toArray(Integer[]::new), availableAt.toArray(String[]::new),
                states.toArray(String[]::new), errors.toArray(String[]::new), failedAt.toArray(String[]::new)};
    }

    /** Kept as the event's last error, which administrators read on the dead-letter page. */
    private static String reason(String error) {
        return error == null ? "unknown error" : error.length() > 2000 ? error.substring(0, 2000) : error;
    }
}
