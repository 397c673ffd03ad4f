package io.flytrap.core.process;

import io.flytrap.core.event.Event;
import io.flytrap.core.issues.IssueChanges;
import io.flytrap.core.process.PreparedEvent.IssueKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Writes a batch of prepared events: issues upserted once per distinct fingerprint, events in one JDBC batch. */
@Component
class EventStore {

    private static final Logger log = LoggerFactory.getLogger(EventStore.class);

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final JsonMapper json;

    EventStore(JdbcClient jdbc, JdbcTemplate jdbcTemplate, JsonMapper json) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.json = json;
    }

    @Transactional
    public void store(List<PreparedEvent> batch) {
        List<PreparedEvent> fresh = withoutStoredOrDeletedProjects(batch);
        if (fresh.isEmpty()) {
            return;
        }
        Map<IssueKey, List<PreparedEvent>> byIssue = fresh.stream()
                .collect(Collectors.groupingBy(PreparedEvent::issueKey, LinkedHashMap::new, Collectors.toList()));
        Map<IssueKey, Long> issueIds = new LinkedHashMap<>();
        byIssue.forEach((key, events) -> issueIds.put(key, upsertIssue(key, events)));
        insertEvents(fresh, issueIds);
        fresh.stream().map(p -> p.event().projectId()).distinct()
                .forEach(projectId -> jdbc.sql("select pg_notify(?, ?)").params(IssueChanges.CHANNEL, Long.toString(projectId))
                        .query((rs, i) -> null).list());
    }

    /**
     * Drops events stored before (a redelivery, or the same event twice in one batch) and events of projects
     * deleted since ingest. A concurrent duplicate slips past this check but then fails on the unique
     * (project_id, event_id) constraint and is retried, by which time it is seen here: counts stay exact.
     */
    private List<PreparedEvent> withoutStoredOrDeletedProjects(List<PreparedEvent> batch) {
        Long[] projectIds = batch.stream().map(p -> p.event().projectId()).toArray(Long[]::new);
        UUID[] eventIds = batch.stream().map(p -> p.event().eventId()).toArray(UUID[]::new);
        Set<String> stored = new HashSet<>(jdbc.sql("""
                        select e.project_id || ':' || e.event_id from events e
                        join unnest(?::bigint[], ?::uuid[]) as b(project_id, event_id)
                          on e.project_id = b.project_id and e.event_id = b.event_id""")
                .params(projectIds, eventIds).query(String.class).list());
        Set<Long> liveProjects = new HashSet<>(jdbc.sql("select id from projects where id = any(?)")
                .param(projectIds).query(Long.class).list());
        Set<String> seen = new HashSet<>();
        return batch.stream().filter(p -> {
            String key = p.event().projectId() + ":" + p.event().eventId();
            if (!liveProjects.contains(p.event().projectId())) {
                log.info("Dropping event {} of deleted project {}", p.event().eventId(), p.event().projectId());
                return false;
            }
            return !stored.contains(key) && seen.add(key);
        }).toList();
    }

    private long upsertIssue(IssueKey key, List<PreparedEvent> events) {
        PreparedEvent latest = events.stream().max(Comparator.comparing(p -> p.event().receivedAt())).orElseThrow();
        PreparedEvent earliest = events.stream().min(Comparator.comparing(p -> p.event().receivedAt())).orElseThrow();
        boolean anyUnhandled = events.stream().anyMatch(p -> !p.event().handled());
        Event event = latest.event();
        return jdbc.sql("""
                        insert into issues (project_id, grouping_version, fingerprint, title, culprit, exception_type, level,
                                            unhandled, first_seen, last_seen, event_count, first_release, last_release)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (project_id, grouping_version, fingerprint) do update set
                            title = excluded.title,
                            culprit = excluded.culprit,
                            level = excluded.level,
                            unhandled = issues.unhandled or excluded.unhandled,
                            first_seen = least(issues.first_seen, excluded.first_seen),
                            last_seen = greatest(issues.last_seen, excluded.last_seen),
                            event_count = issues.event_count + excluded.event_count,
                            last_release = coalesce(excluded.last_release, issues.last_release)
                        returning id""")
                .params(key.projectId(), key.groupingVersion(), key.fingerprint(), latest.grouping().title(),
                        latest.grouping().culprit(), event.primaryException() == null ? null : event.primaryException().type(),
                        event.level().wireName(), anyUnhandled, Timestamp.from(earliest.event().receivedAt()),
                        Timestamp.from(event.receivedAt()), events.size(), earliest.event().release(), event.release())
                .query(Long.class).single();
    }

    private void insertEvents(List<PreparedEvent> events, Map<IssueKey, Long> issueIds) {
        jdbcTemplate.batchUpdate("""
                insert into events (project_id, issue_id, event_id, occurred_at, received_at, level, handled, release,
                                    environment, user_key, payload)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)""", events, events.size(), (ps, prepared) -> {
            Event event = prepared.event();
            ps.setLong(1, event.projectId());
            ps.setLong(2, issueIds.get(prepared.issueKey()));
            ps.setObject(3, event.eventId());
            ps.setTimestamp(4, Timestamp.from(event.occurredAt()));
            ps.setTimestamp(5, Timestamp.from(event.receivedAt()));
            ps.setString(6, event.level().wireName());
            ps.setBoolean(7, event.handled());
            ps.setString(8, event.release());
            ps.setString(9, event.environment());
            ps.setString(10, prepared.userKey());
            ps.setString(11, json.writeValueAsString(event));
        });
    }
}
