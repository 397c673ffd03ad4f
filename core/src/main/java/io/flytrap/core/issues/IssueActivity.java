package io.flytrap.core.issues;

import io.flytrap.core.access.Caller;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * An issue's history: what happened to it, when, and who did it. Features that change an issue record an entry
 * here in the same transaction as the change, so a change that rolls back leaves no entry; the issue page reads
 * the whole {@link #timeline}. Recording checks no access: the caller is a service that already checked it (as
 * with the audit log). Entries go with their issue when it is deleted.
 */
@Service
public class IssueActivity {

    /**
     * What happened, as stored ({@code issue_activity.kind}). An open set: to add a kind, add a constant with its
     * stored name and say what its details hold; the table has no check constraint and the timeline shows any kind.
     * A kind stored by a newer version and unknown to this one is left out of the timeline, not an error.
     */
    public enum Kind {
        /** Never stored: the timeline's first entry, from the issue itself. details: release (may be absent). */
        FIRST_SEEN("first_seen"),
        /** A resolved issue came back. No actor. details: release (of the newest event that reopened it, if any). */
        REGRESSED("regressed"),
        /** details: release and nextRelease (true: in the release after it), or neither; bulk (true) from the list. */
        RESOLVED("resolved"),
        /** details: forSeconds or moreEvents when the ignore is limited; bulk (true) from the list. */
        IGNORED("ignored"),
        REOPENED("reopened"),
        /** details: text (untrusted: show as text), mentions (the e-mail addresses of the members it mentioned). */
        COMMENT("comment"),
        /** details: assigneeUserId and assignee (e-mail), or neither when unassigned. */
        ASSIGNED("assigned"),
        /** details: issues (the ids merged into this one). */
        MERGED("merged"),
        /** details: issues (the ids given back their own events by undoing the merge). */
        UNMERGED("unmerged");

        private final String stored;

        Kind(String stored) {
            this.stored = stored;
        }

        public String stored() {
            return stored;
        }

        static Kind fromStored(String stored) {
            return Arrays.stream(values()).filter(kind -> kind.stored.equals(stored)).findFirst().orElse(null);
        }
    }

    /**
     * One entry of the timeline.
     *
     * @param id          0 for the first-seen entry, which is not stored
     * @param actorUserId null when Flytrap did it (a regression) or the user was deleted
     * @param actor       the actor's display name, else e-mail; null as actorUserId
     */
    public record Entry(long id, long issueId, Kind kind, Instant at, Long actorUserId, String actor,
                        Map<String, Object> details) {
        public Entry {
            // JSON may hold nulls, which an immutable map refuses: an absent detail and a null one mean the same
            details = details.entrySet().stream().filter(detail -> detail.getValue() != null)
                    .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
        }

        /** A detail as text, or null. */
        public String detail(String key) {
            Object value = details.get(key);
            return value == null ? null : value.toString();
        }
    }

    private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final JsonMapper json;
    private final Clock clock;
    private final IssueQueries issues;

    IssueActivity(JdbcClient jdbc, JdbcTemplate jdbcTemplate, JsonMapper json, Clock clock, IssueQueries issues) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.json = json;
        this.clock = clock;
        this.issues = issues;
    }

    /**
     * Records that something happened to an issue now, in the caller's transaction (there must be one).
     *
     * @param actorUserId who did it; null when Flytrap did
     * @return the entry's id
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long record(long issueId, Kind kind, Long actorUserId, Map<String, ?> details) {
        return record(issueId, kind, actorUserId, details, clock.instant());
    }

    /** As {@link #record(long, Kind, Long, Map)}, dated by the caller (a regression: when its event arrived). */
    @Transactional(propagation = Propagation.MANDATORY)
    public long record(long issueId, Kind kind, Long actorUserId, Map<String, ?> details, Instant at) {
        requireStorable(kind);
        return jdbc.sql("""
                        insert into issue_activity (issue_id, kind, actor_user_id, created_at, details)
                        values (?, ?, ?, ?, cast(? as jsonb)) returning id""")
                .params(issueId, kind.stored(), actorUserId, Timestamp.from(at), json.writeValueAsString(details))
                .query(Long.class).single();
    }

    /** The same entry for several issues (a bulk action), in one round trip. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordAll(Collection<Long> issueIds, Kind kind, Long actorUserId, Map<String, ?> details) {
        requireStorable(kind);
        Timestamp at = Timestamp.from(clock.instant());
        String detailsJson = json.writeValueAsString(details);
        List<Object[]> rows = issueIds.stream().map(id -> new Object[]{id, kind.stored(), actorUserId, at, detailsJson}).toList();
        jdbcTemplate.batchUpdate("""
                insert into issue_activity (issue_id, kind, actor_user_id, created_at, details)
                values (?, ?, ?, ?, cast(? as jsonb))""", rows);
    }

    /** The issue's history, oldest first, beginning with when it was first seen; project:read on its project. */
    @Transactional(readOnly = true)
    public List<Entry> timeline(Caller caller, long issueId) {
        IssueSummary issue = issues.get(caller, issueId);
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(0, issueId, Kind.FIRST_SEEN, issue.firstSeen(), null, null,
                issue.firstRelease() == null ? Map.of() : Map.of("release", issue.firstRelease())));
        entries.addAll(stored(issueId, null));
        return entries;
    }

    /** Stored entries of the issue, oldest first, all kinds or one. */
    List<Entry> stored(long issueId, Kind only) {
        return jdbc.sql("""
                        select a.id, a.kind, a.actor_user_id, a.created_at, a.details::text as details,
                               coalesce(nullif(u.display_name, ''), u.email) as actor
                        from issue_activity a left join users u on u.id = a.actor_user_id
                        where a.issue_id = ? and (cast(? as text) is null or a.kind = ?)
                        order by a.created_at, a.id""")
                .params(issueId, only == null ? null : only.stored(), only == null ? null : only.stored())
                .query((rs, i) -> {
                    Kind kind = Kind.fromStored(rs.getString("kind"));
                    return kind == null ? null : new Entry(rs.getLong("id"), issueId, kind,
                            rs.getTimestamp("created_at").toInstant(), rs.getObject("actor_user_id", Long.class),
                            rs.getString("actor"), json.readValue(rs.getString("details"), DETAILS));
                })
                .list().stream().filter(java.util.Objects::nonNull).toList();
    }

    private static void requireStorable(Kind kind) {
        if (kind == Kind.FIRST_SEEN) {
            throw new IllegalArgumentException("first seen is the issue's own first_seen, not a stored entry");
        }
    }
}
