package io.flytrap.core.issues;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.Scope;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.event.Event;
import io.flytrap.core.projects.ProjectAccess;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading issues and events, always through the caller's project membership. */
@Service
@Transactional(readOnly = true)
public class IssueQueries {

    public static final int MAX_PAGE_SIZE = 200;
    static final int MAX_SEARCH_WORDS = 10;

    static final RowMapper<IssueSummary> SUMMARY = (rs, i) -> new IssueSummary(rs.getLong("id"),
            rs.getLong("project_id"), rs.getString("title"), rs.getString("culprit"), rs.getString("level"),
            rs.getString("status"), rs.getBoolean("unhandled"), rs.getTimestamp("first_seen").toInstant(),
            rs.getTimestamp("last_seen").toInstant(), rs.getLong("event_count"), rs.getLong("user_count"),
            rs.getString("first_release"), rs.getString("last_release"), instant(rs.getTimestamp("regressed_at")),
            rs.getString("resolved_in_release"), instant(rs.getTimestamp("ignored_until")),
            rs.getObject("ignored_until_count", Long.class));

    private static Instant instant(java.sql.Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private final JdbcClient jdbc;
    private final ProjectAccess access;
    private final Clock clock;

    public IssueQueries(JdbcClient jdbc, ProjectAccess access, Clock clock) {
        this.jdbc = jdbc;
        this.access = access;
        this.clock = clock;
    }

    /** A page of a project's issues that match the filter, in the filter's order. */
    public List<IssueSummary> search(Caller caller, long projectId, IssueFilter filter, int offset, int limit) {
        access.require(caller, projectId, Scope.PROJECT_READ);
        SearchSql where = where(projectId, filter);
        String column = filter.sort().column();
        StatementSpec query = jdbc.sql("select * from issues i where " + where.sql()
                + " order by i." + column + " desc, i.id desc offset :offset limit :limit");
        where.params().forEach(query::param);
        return query.param("offset", Math.max(offset, 0)).param("limit", Math.clamp(limit, 0, MAX_PAGE_SIZE))
                .query(SUMMARY).list();
    }

    /** How many of a project's issues match the filter. */
    public long count(Caller caller, long projectId, IssueFilter filter) {
        access.require(caller, projectId, Scope.PROJECT_READ);
        SearchSql where = where(projectId, filter);
        StatementSpec query = jdbc.sql("select count(*) from issues i where " + where.sql());
        where.params().forEach(query::param);
        return query.query(Long.class).single();
    }

    /** The environments events of the project came from, by name: the environment filter's choices. */
    public List<String> environments(Caller caller, long projectId) {
        access.require(caller, projectId, Scope.PROJECT_READ);
        return jdbc.sql("select name from environments where project_id = ? order by name").param(projectId)
                .query(String.class).list();
    }

    /** The project's releases, newest first: the release filter's choices. */
    public List<String> releases(Caller caller, long projectId) {
        access.require(caller, projectId, Scope.PROJECT_READ);
        return jdbc.sql("select version from releases where project_id = ? order by created_at desc, version desc limit 200")
                .param(projectId).query(String.class).list();
    }

    /** Issues first seen in the release, newest first: what the release brought. */
    public List<IssueSummary> newIn(Caller caller, long projectId, String release, int limit) {
        access.require(caller, projectId, Scope.PROJECT_READ);
        return jdbc.sql("select * from issues where project_id = ? and first_release = ? order by first_seen desc, id desc limit ?")
                .params(projectId, release, Math.clamp(limit, 0, MAX_PAGE_SIZE)).query(SUMMARY).list();
    }

    /**
     * The browsers, operating systems and devices of the project's newest {@value EventQueries#FACET_SAMPLE} events,
     * most frequent first: the choices of the filters by context (any other value can still be asked for).
     */
    public Map<String, List<String>> contextValues(Caller caller, long projectId) {
        access.require(caller, projectId, Scope.PROJECT_READ);
        String facts = ContextValues.SQL.entrySet().stream()
                .map(e -> "select '" + e.getKey() + "' as name, " + e.getValue() + " as value from recent")
                .collect(java.util.stream.Collectors.joining(" union all "));
        Map<String, List<String>> values = new LinkedHashMap<>();
        IssueFilter.CONTEXTS.forEach(name -> values.put(name, new java.util.ArrayList<>()));
        jdbc.sql("with recent as (select payload from events where project_id = ? order by received_at desc limit ?) "
                        + "select name, value from (" + facts + ") f where value is not null "
                        + "group by name, value order by name, count(*) desc, value")
                .params(projectId, EventQueries.FACET_SAMPLE)
                .query((rs, i) -> values.get(rs.getString("name")).add(rs.getString("value"))).list();
        return values;
    }

    private record SearchSql(String sql, Map<String, Object> params) {
    }

    /** The filter as a WHERE clause: fixed SQL fragments, every value a bound parameter. */
    private SearchSql where(long projectId, IssueFilter filter) {
        StringBuilder sql = new StringBuilder("i.project_id = :projectId");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("projectId", projectId);
        if (!filter.statuses().isEmpty()) {
            sql.append(" and i.status in (:statuses)");
            params.put("statuses", List.copyOf(filter.statuses()));
        }
        if (!filter.levels().isEmpty()) {
            sql.append(" and i.level in (:levels)");
            params.put("levels", List.copyOf(filter.levels()));
        }
        if (filter.unhandled() != null) {
            sql.append(" and i.unhandled = :unhandled");
            params.put("unhandled", filter.unhandled());
        }
        if (filter.environment() != null) {
            sql.append(" and exists (select 1 from issue_environments e where e.issue_id = i.id and e.environment = :environment)");
            params.put("environment", filter.environment());
        }
        if (filter.release() != null) {
            sql.append(" and exists (select 1 from issue_releases r where r.issue_id = i.id and r.release = :release)");
            params.put("release", filter.release());
        }
        // The same values the issue page's facets count, matched against every event of the issue
        filter.contexts().forEach((name, value) -> {
            sql.append(" and exists (select 1 from events e where e.issue_id = i.id and ")
                    .append(ContextValues.SQL.get(name)).append(" = :context_").append(name).append(")");
            params.put("context_" + name, value);
        });
        if (filter.seenWithin() != null) {
            sql.append(" and i.last_seen >= :since");
            params.put("since", Timestamp.from(clock.instant().minus(filter.seenWithin())));
        }
        List<String> words = filter.text() == null ? List.of() : List.of(filter.text().split("\\s+"));
        for (int w = 0; w < Math.min(words.size(), MAX_SEARCH_WORDS); w++) {
            sql.append(" and (i.title ilike :word").append(w).append(" or i.culprit ilike :word").append(w).append(")");
            params.put("word" + w, "%" + likeEscaped(words.get(w)) + "%");
        }
        return new SearchSql(sql.toString(), params);
    }

    /** LIKE's wildcards and escape character taken literally: a search for "100%" finds "100%", not "100…". */
    private static String likeEscaped(String word) {
        return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    public IssueSummary get(Caller caller, long issueId) {
        IssueSummary issue = jdbc.sql("select * from issues where id = ?").param(issueId).query(SUMMARY).optional()
                .orElseThrow(() -> new NotFoundException("issue"));
        if (!access.reaches(caller, issue.projectId())) {
            throw new NotFoundException("issue");
        }
        // an issue holds what the events said: only tokens that may read events see it
        caller.requireScope(Scope.PROJECT_READ);
        return issue;
    }

}
