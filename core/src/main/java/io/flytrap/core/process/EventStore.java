package io.flytrap.core.process;

import io.flytrap.core.alerts.AlertTrigger;
import io.flytrap.core.alerts.StoredIssue;
import io.flytrap.core.event.Event;
import io.flytrap.core.issues.IssueChanges;
import io.flytrap.core.process.PreparedEvent.IssueKey;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.StringReader;
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
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes a batch of prepared events in one transaction: releases and environments first, then one upsert per
 * distinct issue (which also reopens resolved issues as regressions and ends expired ignores), then the events in
 * one COPY, then per-issue environments, releases and affected users.
 */
@Component
class EventStore {

    private static final Logger log = LoggerFactory.getLogger(EventStore.class);
    private static final Comparator<IssueKey> ISSUE_ORDER = Comparator.comparingLong(IssueKey::projectId)
            .thenComparingInt(IssueKey::groupingVersion).thenComparing(IssueKey::fingerprint);

    /**
     * A resolved issue regresses on a new event, unless it was resolved "in release X" and every event of this
     * batch comes from a release first seen before X (or from no known release).
     */
    private static final String REGRESSION = """
            (issues.status = 'resolved' and (issues.resolved_in_release is null or exists (
                select 1 from jsonb_array_elements_text(cast(:releases as jsonb)) as r(version)
                where (select created_at from releases where project_id = issues.project_id and version = r.version)
                   >= (select created_at from releases where project_id = issues.project_id and version = issues.resolved_in_release))))""";

    /** An ignore ends when its time has passed or the issue has had its allowed number of further events. */
    private static final String IGNORE_EXPIRED = """
            (issues.status = 'ignored' and (
                (issues.ignored_until is not null and excluded.last_seen >= issues.ignored_until)
                or (issues.ignored_until_count is not null and issues.event_count + excluded.event_count >= issues.ignored_until_count)))""";

    private static final String UPSERT_ISSUE = """
            insert into issues (project_id, grouping_version, fingerprint, title, culprit, exception_type, level,
                                unhandled, first_seen, last_seen, event_count, first_release, last_release)
            values (:projectId, :groupingVersion, :fingerprint, :title, :culprit, :type, :level,
                    :unhandled, :firstSeen, :lastSeen, :count, :firstRelease, :lastRelease)
            on conflict (project_id, grouping_version, fingerprint) do update set
                title = excluded.title,
                culprit = excluded.culprit,
                level = excluded.level,
                unhandled = issues.unhandled or excluded.unhandled,
                first_seen = least(issues.first_seen, excluded.first_seen),
                last_seen = greatest(issues.last_seen, excluded.last_seen),
                event_count = issues.event_count + excluded.event_count,
                last_release = coalesce(excluded.last_release, issues.last_release),
                status = case when REGRESSION or IGNORE_EXPIRED then 'unresolved' else issues.status end,
                resolved_at = case when REGRESSION then null else issues.resolved_at end,
                resolved_in_release = case when REGRESSION then null else issues.resolved_in_release end,
                ignored_until = case when IGNORE_EXPIRED then null else issues.ignored_until end,
                ignored_until_count = case when IGNORE_EXPIRED then null else issues.ignored_until_count end,
                regressed_at = case when REGRESSION then excluded.last_seen else issues.regressed_at end,
                times_regressed = issues.times_regressed + case when REGRESSION then 1 else 0 end
            returning id, (xmax = 0) as inserted, status"""
            .replace("REGRESSION", REGRESSION).replace("IGNORE_EXPIRED", IGNORE_EXPIRED);

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final DataSource dataSource;
    private final JsonMapper json;
    private final AlertTrigger alerts;

    EventStore(JdbcClient jdbc, JdbcTemplate jdbcTemplate, DataSource dataSource, JsonMapper json, AlertTrigger alerts) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.dataSource = dataSource;
        this.json = json;
        this.alerts = alerts;
    }

    @Transactional
    public void store(List<PreparedEvent> batch) {
        List<PreparedEvent> fresh = withoutStoredOrDeletedProjects(batch);
        if (fresh.isEmpty()) {
            return;
        }
        insertNamed("insert into releases (project_id, version) values (?, ?) on conflict do nothing", fresh,
                p -> p.event().release());
        insertNamed("insert into environments (project_id, name) values (?, ?) on conflict do nothing", fresh,
                p -> p.event().environment());
        Map<PreparedEvent, IssueKey> keys = issueKeys(fresh);
        // Upserted in one fixed order, so concurrent workers lock issue rows in the same order and never deadlock
        Map<IssueKey, List<PreparedEvent>> byIssue = fresh.stream()
                .collect(Collectors.groupingBy(keys::get, () -> new TreeMap<>(ISSUE_ORDER), Collectors.toList()));
        Map<PreparedEvent, Long> issueIds = new IdentityHashMap<>();
        List<StoredIssue> stored = new ArrayList<>();
        byIssue.forEach((key, events) -> {
            StoredIssue issue = upsertIssue(key, events);
            stored.add(issue);
            events.forEach(event -> issueIds.put(event, issue.issueId()));
        });
        insertEvents(fresh, issueIds);
        recordSeenIn("issue_environments", "environment", p -> p.event().environment(), fresh, issueIds);
        recordSeenIn("issue_releases", "release", p -> p.event().release(), fresh, issueIds);
        countAffectedUsers(fresh, issueIds);
        countPerHour(fresh, issueIds);
        alerts.onStored(stored); // the outbox commits with the issues, or neither does
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

    /**
     * The issue each event belongs to: the one its current grouping names, or else an existing issue that an
     * earlier grouping version created for it, so upgrading grouping never splits an issue.
     */
    private Map<PreparedEvent, IssueKey> issueKeys(List<PreparedEvent> events) {
        List<IssueKey> candidates = new ArrayList<>();
        for (PreparedEvent event : events) {
            candidates.add(event.issueKey());
            event.grouping().previous().forEach(previous -> candidates.add(
                    new IssueKey(event.event().projectId(), previous.version(), previous.fingerprint())));
        }
        Set<IssueKey> existing = new HashSet<>(jdbc.sql("""
                        select i.project_id, i.grouping_version, i.fingerprint from issues i
                        join unnest(?::bigint[], ?::smallint[], ?::text[]) as c(project_id, grouping_version, fingerprint)
                          using (project_id, grouping_version, fingerprint)""")
                .params(candidates.stream().map(IssueKey::projectId).toArray(Long[]::new),
                        candidates.stream().map(IssueKey::groupingVersion).toArray(Integer[]::new),
                        candidates.stream().map(IssueKey::fingerprint).toArray(String[]::new))
                .query((rs, i) -> new IssueKey(rs.getLong(1), rs.getInt(2), rs.getString(3))).list());
        Map<PreparedEvent, IssueKey> keys = new IdentityHashMap<>();
        for (PreparedEvent event : events) {
            IssueKey key = event.issueKey();
            if (!existing.contains(key)) {
                key = event.grouping().previous().stream()
                        .map(previous -> new IssueKey(event.event().projectId(), previous.version(), previous.fingerprint()))
                        .filter(existing::contains).findFirst().orElse(key);
            }
            keys.put(event, key);
        }
        return keys;
    }

    /** (project, name) rows for releases and environments, each once. */
    private void insertNamed(String sql, List<PreparedEvent> events, Function<PreparedEvent, String> name) {
        List<Object[]> rows = events.stream()
                .filter(p -> name.apply(p) != null && !name.apply(p).isBlank())
                .map(p -> List.<Object>of(p.event().projectId(), name.apply(p)))
                .distinct().map(List::toArray).toList();
        if (!rows.isEmpty()) {
            jdbcTemplate.batchUpdate(sql, rows);
        }
    }

    private StoredIssue upsertIssue(IssueKey key, List<PreparedEvent> events) {
        PreparedEvent latest = events.stream().max(Comparator.comparing(p -> p.event().receivedAt())).orElseThrow();
        PreparedEvent earliest = events.stream().min(Comparator.comparing(p -> p.event().receivedAt())).orElseThrow();
        Event event = latest.event();
        // as a JSON array: a Java array would be expanded into a list of parameters by named-parameter parsing
        String releases = json.writeValueAsString(events.stream().map(p -> p.event().release()).filter(Objects::nonNull)
                .distinct().toList());
        // The status before, read under the row lock the upsert keeps until commit: "resolved before, unresolved
        // after" names a regression exactly once however many workers race on the issue (they lock issues in one
        // order, see ISSUE_ORDER, so this never deadlocks)
        String previousStatus = jdbc.sql("""
                        select status from issues where project_id = ? and grouping_version = ? and fingerprint = ?
                        for update""")
                .params(key.projectId(), key.groupingVersion(), key.fingerprint()).query(String.class).optional().orElse(null);
        return jdbc.sql(UPSERT_ISSUE)
                .param("projectId", key.projectId())
                .param("groupingVersion", key.groupingVersion())
                .param("fingerprint", key.fingerprint())
                .param("title", latest.grouping().title())
                .param("culprit", latest.grouping().culprit())
                .param("type", event.primaryException() == null ? null : event.primaryException().type())
                .param("level", event.level().wireName())
                .param("unhandled", events.stream().anyMatch(p -> !p.event().handled()))
                .param("firstSeen", Timestamp.from(earliest.event().receivedAt()))
                .param("lastSeen", Timestamp.from(event.receivedAt()))
                .param("count", events.size())
                .param("firstRelease", earliest.event().release())
                .param("lastRelease", event.release())
                .param("releases", releases)
                .query((rs, i) -> new StoredIssue(rs.getLong("id"), key.projectId(), rs.getBoolean("inserted"),
                        "resolved".equals(previousStatus) && "unresolved".equals(rs.getString("status")),
                        events.stream().map(PreparedEvent::event).toList()))
                .single();
    }

    /**
     * The events of the batch in one COPY on the transaction's own connection: several times faster than even a
     * batched INSERT for rows this size, and a duplicate still fails the transaction on the unique constraint.
     */
    private void insertEvents(List<PreparedEvent> events, Map<PreparedEvent, Long> issueIds) {
        StringBuilder csv = new StringBuilder(events.size() * 2048);
        for (PreparedEvent prepared : events) {
            Event event = prepared.event();
            CsvRows.row(csv, event.projectId(), issueIds.get(prepared), event.eventId(), event.occurredAt(),
                    event.receivedAt(), event.level().wireName(), event.handled(), event.release(), event.environment(),
                    prepared.userKey(), payloadJson(event));
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                    copy events (project_id, issue_id, event_id, occurred_at, received_at, level, handled, release,
                                 environment, user_key, payload) from stdin (format csv)""", new StringReader(csv.toString()));
        } catch (SQLException | IOException e) {
            throw new DataIntegrityViolationException("storing " + events.size() + " events failed: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /**
     * The event as JSON for jsonb, which refuses the NUL character that JSON itself allows. The parsers already
     * replace it in what clients send; this is the last guard for text from elsewhere. Only a real escape is
     * replaced, not the text backslash-u-0000 (written {@code \\u0000} in JSON), which the plain string
     * replacement used here before cut in half, leaving invalid JSON that failed the event on every attempt.
     */
    private String payloadJson(Event event) {
        String text = json.writeValueAsString(event);
        return text.contains("\\u0000") ? ESCAPED_NUL.matcher(text).replaceAll("$1\\\\ufffd") : text;
    }

    /** {@code \u0000} preceded by an even number of backslashes (none, or escaped ones): a NUL, not text. */
    private static final Pattern ESCAPED_NUL = Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*)\\\\u0000");

    /**
     * Where each issue was seen: one row per (issue, environment) in issue_environments and per (issue, release)
     * in issue_releases, with the first and last time, for the issue list's filters.
     */
    private void recordSeenIn(String table, String column, Function<PreparedEvent, String> value,
                              List<PreparedEvent> events, Map<PreparedEvent, Long> issueIds) {
        record Seen(long issueId, String value) {
        }
        Map<Seen, List<PreparedEvent>> bySeen = events.stream().filter(p -> value.apply(p) != null)
                .collect(Collectors.groupingBy(p -> new Seen(issueIds.get(p), value.apply(p))));
        List<Object[]> rows = new ArrayList<>();
        bySeen.forEach((seen, list) -> rows.add(new Object[]{seen.issueId(), seen.value(),
                Timestamp.from(list.stream().map(p -> p.event().receivedAt()).min(Comparator.naturalOrder()).orElseThrow()),
                Timestamp.from(list.stream().map(p -> p.event().receivedAt()).max(Comparator.naturalOrder()).orElseThrow())}));
        if (!rows.isEmpty()) {
            // table and column are constants of this class, never input
            jdbcTemplate.batchUpdate("insert into " + table + " (issue_id, " + column + ", first_seen, last_seen) values (?, ?, ?, ?)"
                    + " on conflict (issue_id, " + column + ") do update set"
                    + " first_seen = least(" + table + ".first_seen, excluded.first_seen),"
                    + " last_seen = greatest(" + table + ".last_seen, excluded.last_seen)", rows);
        }
    }

    /** Adds the batch's events to each issue's hourly counts (the charts and the projects overview read these). */
    private void countPerHour(List<PreparedEvent> events, Map<PreparedEvent, Long> issueIds) {
        record Bucket(long issueId, long projectId, Instant hour) {
        }
        Map<Bucket, Long> counts = events.stream().collect(Collectors.groupingBy(
                p -> new Bucket(issueIds.get(p), p.event().projectId(), p.event().receivedAt().truncatedTo(ChronoUnit.HOURS)),
                // rows in one fixed order, so concurrent workers take the row locks in the same order (no deadlock)
                () -> new TreeMap<>(Comparator.comparingLong(Bucket::issueId).thenComparing(Bucket::hour)),
                Collectors.counting()));
        List<Object[]> rows = counts.entrySet().stream().map(e -> new Object[]{e.getKey().issueId(), e.getKey().projectId(),
                Timestamp.from(e.getKey().hour()), e.getValue()}).toList();
        jdbcTemplate.batchUpdate("""
                insert into issue_hourly_counts (issue_id, project_id, hour, events) values (?, ?, ?, ?)
                on conflict (issue_id, hour) do update set events = issue_hourly_counts.events + excluded.events""", rows);
    }

    /** Adds each issue's new distinct users: the rows the insert really added are the users not seen before. */
    private void countAffectedUsers(List<PreparedEvent> events, Map<PreparedEvent, Long> issueIds) {
        Set<List<Object>> pairs = new LinkedHashSet<>();
        for (PreparedEvent p : events) {
            String userKey = p.userKey();
            if (userKey != null) {
                pairs.add(List.of(issueIds.get(p), userKey));
            }
        }
        if (pairs.isEmpty()) {
            return;
        }
        Long[] issues = pairs.stream().map(pair -> (Long) pair.get(0)).toArray(Long[]::new);
        String[] users = pairs.stream().map(pair -> (String) pair.get(1)).toArray(String[]::new);
        jdbc.sql("""
                        with added as (
                            insert into issue_users (issue_id, user_key)
                            select * from unnest(?::bigint[], ?::text[]) on conflict do nothing
                            returning issue_id)
                        update issues set user_count = user_count + counts.n
                        from (select issue_id, count(*) as n from added group by issue_id) counts
                        where issues.id = counts.issue_id""")
                .params(issues, users).update();
    }
}
