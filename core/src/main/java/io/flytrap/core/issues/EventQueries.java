package io.flytrap.core.issues;

import io.flytrap.core.access.Caller;
import io.flytrap.core.event.Event;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An issue's events one at a time (newest first, with the way to the older and newer ones), and the
 * distribution of their tags and context (browser, OS, device, release, environment, URL, user) for the issue page.
 */
@Service
@Transactional(readOnly = true)
public class EventQueries {

    /** Facets summarise this many of the newest events: enough to see a pattern, bounded for huge issues. */
    public static final int FACET_SAMPLE = 1_000;
    static final int VALUES_PER_FACET = 5;

    /** An event of an issue, with its neighbours in time (null at either end) and its position. */
    public record EventPage(Event event, UUID older, UUID newer, long newerCount, long total) {
    }

    /** How often each value of one tag occurred in the sampled events; values beyond the top few are summed. */
    public record Facet(String name, long sampled, List<FacetValue> values, long otherCount) {
    }

    public record FacetValue(String value, long count) {
    }

    /** One page of an issue's events, newest first; {@code next} continues after the last row, null at the end. */
    public record EventList(List<Event> events, String next) {
    }

    /** A tag filter's key or value may be at most this long, as the SDKs' own limit for tags. */
    static final int MAX_TAG_LENGTH = 200;
    public static final int MAX_LIST_SIZE = 100;

    private final JdbcClient jdbc;
    private final IssueQueries issues;
    private final JsonMapper json;

    public EventQueries(JdbcClient jdbc, IssueQueries issues, JsonMapper json) {
        this.jdbc = jdbc;
        this.issues = issues;
        this.json = json;
    }

    /** The event with this id, or the newest one when the id is null; empty if the issue has none (any more). */
    public Optional<EventPage> event(Caller caller, long issueId, UUID eventId) {
        IssueSummary issue = issues.get(caller, issueId);
        String members = IssueMembers.condition(jdbc, issueId);
        record Row(long id, Timestamp receivedAt, String payload) {
        }
        Optional<Row> row = (eventId == null
                ? jdbc.sql("select id, received_at, payload from events where " + members + " order by received_at desc, id desc limit 1")
                : jdbc.sql("select id, received_at, payload from events where " + members + " and project_id = ? and event_id = ?")
                .params(issue.projectId(), eventId))
                .query((rs, i) -> new Row(rs.getLong("id"), rs.getTimestamp("received_at"), rs.getString("payload"))).optional();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Row current = row.get();
        UUID older = jdbc.sql("select event_id from events where " + members + """
                         and (received_at, id) < (?, ?)
                        order by received_at desc, id desc limit 1""")
                .params(current.receivedAt(), current.id()).query(UUID.class).optional().orElse(null);
        UUID newer = jdbc.sql("select event_id from events where " + members + """
                         and (received_at, id) > (?, ?)
                        order by received_at, id limit 1""")
                .params(current.receivedAt(), current.id()).query(UUID.class).optional().orElse(null);
        long[] counts = jdbc.sql("select count(*) filter (where (received_at, id) > (?, ?)), count(*) from events where "
                        + members)
                .params(current.receivedAt(), current.id())
                .query((rs, i) -> new long[]{rs.getLong(1), rs.getLong(2)}).single();
        return Optional.of(new EventPage(json.readValue(current.payload(), Event.class), older, newer, counts[0], counts[1]));
    }

    /**
     * An issue's events, newest first, a page at a time: {@code after} is the previous page's {@code next} (null for
     * the first page), so a page is found through the index however deep, and events arriving meanwhile do not
     * shift the pages. With a tag key, only events with that tag and value.
     */
    public EventList list(Caller caller, long issueId, String tagKey, String tagValue, String after, int limit) {
        issues.get(caller, issueId);
        if (limit < 1 || limit > MAX_LIST_SIZE) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIST_SIZE);
        }
        if (tagKey != null && (tagKey.isBlank() || tagKey.length() > MAX_TAG_LENGTH || tagValue == null
                || tagValue.length() > MAX_TAG_LENGTH)) {
            throw new IllegalArgumentException("a tag filter is key:value, each at most " + MAX_TAG_LENGTH + " characters");
        }
        long[] cursor = after == null ? null : cursor(after);
        StringBuilder sql = new StringBuilder("select id, received_at, payload from events where ")
                .append(IssueMembers.condition(jdbc, issueId));
        if (cursor != null) {
            sql.append(" and (received_at, id) < (:receivedAt, :id)");
        }
        if (tagKey != null) {
            sql.append(" and payload->'tags'->>cast(:tagKey as text) = :tagValue");
        }
        sql.append(" order by received_at desc, id desc limit :limit");
        var statement = jdbc.sql(sql.toString()).param("limit", limit + 1);
        if (cursor != null) {
            statement = statement.param("receivedAt", Timestamp.from(Instant.EPOCH.plus(cursor[0], ChronoUnit.MICROS))).param("id", cursor[1]);
        }
        if (tagKey != null) {
            statement = statement.param("tagKey", tagKey).param("tagValue", tagValue);
        }
        record Row(long id, Instant receivedAt, Event event) {
        }
        List<Row> rows = statement.query((rs, i) -> new Row(rs.getLong("id"), rs.getTimestamp("received_at").toInstant(),
                json.readValue(rs.getString("payload"), Event.class))).list();
        String next = null;
        if (rows.size() > limit) {
            Row last = rows.get(limit - 1);
            next = ChronoUnit.MICROS.between(Instant.EPOCH, last.receivedAt()) + "-" + last.id();
            rows = rows.subList(0, limit);
        }
        return new EventList(rows.stream().map(Row::event).toList(), next);
    }

    /** "received microseconds-row id", as {@link #list} hands it out. */
    private static long[] cursor(String after) {
        String[] parts = after.split("-", -1);
        try {
            if (parts.length == 2) {
                return new long[]{Long.parseLong(parts[0]), Long.parseLong(parts[1])};
            }
        } catch (NumberFormatException notACursor) {
            // reported below
        }
        throw new IllegalArgumentException("not a page cursor: " + (after.length() > 40 ? after.substring(0, 40) + "…" : after));
    }

    /**
     * The stored event as JSON, exactly as kept: normalised and already scrubbed, for download. Empty when the issue
     * has no such event.
     */
    public Optional<String> storedJson(Caller caller, long issueId, UUID eventId) {
        IssueSummary issue = issues.get(caller, issueId);
        return jdbc.sql("select payload from events where " + IssueMembers.condition(jdbc, issueId)
                        + " and project_id = ? and event_id = ?")
                .params(issue.projectId(), eventId).query(String.class).optional();
    }

    /**
     * Value distributions over the newest {@value #FACET_SAMPLE} events: browser, OS, device, release, environment, URL,
     * user, then each tag by name. Values come from event data and are shown as text.
     */
    public List<Facet> facets(Caller caller, long issueId) {
        issues.get(caller, issueId);
        String members = IssueMembers.condition(jdbc, issueId);
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        for (String name : List.of("browser", "os", "device", "release", "environment", "url", "user")) {
            counts.put(name, new LinkedHashMap<>());
        }
        long sampled = jdbc.sql("select count(*) from (select 1 from events where " + members + " limit ?) s")
                .params(FACET_SAMPLE).query(Long.class).single();
        jdbc.sql("""
                        with recent as (select payload from events where %s order by received_at desc, id desc limit ?),
                        facts as (
                            select 'browser' as name, %s as value from recent
                            union all select 'os', %s from recent
                            union all select 'device', %s from recent
                            union all select 'release', payload->>'release' from recent
                            union all select 'environment', payload->>'environment' from recent
                            union all select 'url', payload->'request'->>'url' from recent
                            union all select 'user', coalesce(payload->'user'->>'email', payload->'user'->>'id',
                                                              payload->'user'->>'username') from recent
                            union all select 'tag:' || t.key, t.value from recent, jsonb_each_text(coalesce(payload->'tags', '{}')) t)
                        select name, value, count(*) as n from facts where value is not null
                        group by name, value order by name, n desc, value""".formatted(members, ContextValues.SQL.get("browser"),
                        ContextValues.SQL.get("os"), ContextValues.SQL.get("device")))
                .params(FACET_SAMPLE)
                .query((rs, i) -> counts.computeIfAbsent(rs.getString("name"), n -> new LinkedHashMap<>())
                        .put(rs.getString("value"), rs.getLong("n")))
                .list();
        List<Facet> facets = new ArrayList<>();
        counts.forEach((name, values) -> {
            if (values.isEmpty()) {
                return;
            }
            List<FacetValue> top = values.entrySet().stream().limit(VALUES_PER_FACET)
                    .map(e -> new FacetValue(e.getKey(), e.getValue())).toList();
            long other = values.values().stream().skip(VALUES_PER_FACET).mapToLong(Long::longValue).sum();
            facets.add(new Facet(name.startsWith("tag:") ? name.substring(4) : name, sampled, top, other));
        });
        return facets;
    }
}
