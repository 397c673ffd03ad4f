package io.flytrap.core.process;

import io.flytrap.core.alerts.AlertTrigger;
import io.flytrap.core.event.Event;
import io.flytrap.core.issues.IssueChanges;
import io.flytrap.core.issues.IssueRecorder;
import io.flytrap.core.issues.RecordedIssues;
import io.flytrap.core.releases.ReleaseRegistry;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes a batch of prepared events in one transaction: the releases and environments they name, their issues
 * (through {@link IssueRecorder}, which also reopens regressions, and which has the events themselves copied in, in
 * one COPY, between creating new issues and locking and updating existing ones), then the alert outbox and a
 * wake-up for open issue lists.
 */
@Component
class EventStore {

    private static final Logger log = LoggerFactory.getLogger(EventStore.class);

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final DataSource dataSource;
    private final AlertTrigger alerts;
    private final IssueRecorder issues;
    private final ReleaseRegistry releases;

    EventStore(JdbcClient jdbc, JdbcTemplate jdbcTemplate, DataSource dataSource, AlertTrigger alerts,
               IssueRecorder issues, ReleaseRegistry releases) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.dataSource = dataSource;
        this.alerts = alerts;
        this.issues = issues;
        this.releases = releases;
    }

    @Transactional
    public void store(List<PreparedEvent> batch) {
        List<PreparedEvent> fresh = withoutStoredOrDeletedProjects(batch);
        if (fresh.isEmpty()) {
            return;
        }
        releases.registerSeen(fresh.stream()
                .map(p -> new ReleaseRegistry.Named(p.event().projectId(), p.event().release())).toList());
        insertEnvironments(fresh);
        RecordedIssues recorded = issues.record(fresh.stream().map(PreparedEvent::occurrence).toList(),
                issueIds -> insertEvents(fresh, issueIds));
        alerts.onStored(recorded.issues()); // the outbox commits with the issues, or neither does
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

    /** The environments the batch names, each once per project, for the issue list's environment filter. */
    private void insertEnvironments(List<PreparedEvent> events) {
        List<Object[]> rows = events.stream()
                .filter(p -> p.event().environment() != null && !p.event().environment().isBlank())
                .map(p -> List.<Object>of(p.event().projectId(), p.event().environment()))
                .distinct().map(List::toArray).toList();
        if (!rows.isEmpty()) {
            jdbcTemplate.batchUpdate("insert into environments (project_id, name) values (?, ?) on conflict do nothing", rows);
        }
    }

    /**
     * The events of the batch in one COPY on the transaction's own connection: several times faster than even a
     * batched INSERT for rows this size, and a duplicate still fails the transaction on the unique constraint. The
     * rows are bytes encoded while the batch was prepared: here only each row's project and issue are added.
     */
    private void insertEvents(List<PreparedEvent> events, List<Long> issueIds) {
        int size = 0;
        for (PreparedEvent prepared : events) {
            size += prepared.storedColumns().length + 40;
        }
        ByteArrayOutputStream rows = new ByteArrayOutputStream(size);
        for (int i = 0; i < events.size(); i++) {
            PreparedEvent prepared = events.get(i);
            rows.writeBytes((prepared.event().projectId() + "," + issueIds.get(i) + ",").getBytes(StandardCharsets.US_ASCII));
            rows.writeBytes(prepared.storedColumns());
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                    copy events (project_id, issue_id, event_id, occurred_at, received_at, level, handled, release,
                                 environment, user_key, payload) from stdin (format csv)""",
                    new ByteArrayInputStream(rows.toByteArray()));
        } catch (SQLException | IOException e) {
            throw new DataIntegrityViolationException("storing " + events.size() + " events failed: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
