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

    static final RowMapper<IssueSummary> SUMMARY = (rs, i) -> new IssueSummary(rs.getLong("id"),
            rs.getLong("project_id"), rs.getString("title"), rs.getString("culprit"), rs.getString("level"),
            rs.getString("status"), rs.getBoolean("unhandled"), rs.getTimestamp("first_seen").toInstant(),
            rs.getTimestamp("last_seen").toInstant(), rs.getLong("event_count"), rs.getLong("user_count"),
            rs.getString("first_release"), rs.getString("last_release"), instant(rs.getTimestamp("regressed_at")),
            rs.getString("resolved_in_release"), rs.getBoolean("resolved_in_next_release"), instant(rs.getTimestamp("ignored_until")),
            rs.getObject("ignored_until_count", Long.class), rs.getObject("assignee_user_id", Long.class),
            rs.getString("assignee_email"), rs.getString("external_url"));

    /** Issue rows with the assignee's e-mail, looked up only for the rows a page returns. */
    static final String SUMMARY_SELECT = "select i.*, (select u.email from users u where u.id = i.assignee_user_id) as assignee_email from issues i";

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
        IssueSearchSql.Where where = where(caller, projectId, filter);
        String column = filter.sort().column();
        StatementSpec query = jdbc.sql(SUMMARY_SELECT + " where " + where.sql()
                + " order by i." + column + " desc, i.id desc offset :offset limit :limit");
        where.params().forEach(query::param);
        return query.param("offset", Math.max(offset, 0)).param("limit", Math.clamp(limit, 0, MAX_PAGE_SIZE))
                .query(SUMMARY).list();
    }

    /** How many of a project's issues match the filter. */
    public long count(Caller caller, long projectId, IssueFilter filter) {
        access.require(caller, projectId, Scope.PROJECT_READ);
        IssueSearchSql.Where where = where(caller, projectId, filter);
        StatementSpec query = jdbc.sql("select count(*) from issues i where " + where.sql());
        where.params().forEach(query::param);
        return query.query(Long.class).single();
    }

    /**
     * The ids of a project's issues that match the filter, in the filter's order, at most {@code limit}: what a bulk
     * action on "all matching" changes. One query, evaluated when the action runs, not when the list was drawn.
     */
    public List<Long> matchingIds(Caller caller, long projectId, IssueFilter filter, int limit) {
        access.require(caller, projectId, Scope.PROJECT_READ);
        IssueSearchSql.Where where = where(caller, projectId, filter);
        StatementSpec query = jdbc.sql("select i.id from issues i where " + where.sql()
                + " order by i." + filter.sort().column() + " desc, i.id desc limit :limit");
        where.params().forEach(query::param);
        return query.param("limit", Math.max(limit, 0)).query(Long.class).list();
    }

    /** The filter as SQL, for the caller ("assigned:me" names them), after their access was checked. */
    private IssueSearchSql.Where where(Caller caller, long projectId, IssueFilter filter) {
        return IssueSearchSql.where(projectId, filter, clock.instant(), caller.userId());
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
        return jdbc.sql(SUMMARY_SELECT + " where i.project_id = ? and i.first_release = ? and i.status <> 'merged' order by i.first_seen desc, i.id desc limit ?")
                .params(projectId, release, Math.clamp(limit, 0, MAX_PAGE_SIZE)).query(SUMMARY).list();
    }

    /** How many of a key's values {@link #searchValues} offers, and for how many tag keys. */
    static final int VALUES_PER_KEY = 20;
    static final int TAG_KEYS = 50;

    /**
     * What the search can ask for, by key, most common first: the choices of the list's shortcut controls and the
     * search field's suggestions. Every known key is present (statuses, levels, the project's environments and
     * releases, the user fields and contexts recorded for its issues), then the project's tag keys, those on the most
     * issues first. Values come from event data and are shown as text. Merged issues are left out: their tags are
     * their primary's too, and counting the hidden copies would rank a merged issue's values above others.
     */
    public Map<String, List<String>> searchValues(Caller caller, long projectId) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        IssueSearch.KEYS.forEach(key -> values.put(key, new java.util.ArrayList<>()));
        values.get(IssueSearch.IS).addAll(IssueSearch.IS_VALUES);
        values.get(IssueSearch.LEVEL).addAll(IssueFilter.LEVELS);
        values.get(IssueSearch.HANDLED).addAll(IssueSearch.HANDLED_VALUES);
        values.get(IssueSearch.ENVIRONMENT).addAll(environments(caller, projectId));
        values.get(IssueSearch.RELEASE).addAll(releases(caller, projectId));
        jdbc.sql("""
                        with counted as (select t.key, t.value, count(*) as n from issue_tags t join issues i on i.id = t.issue_id
                                         where t.project_id = ? and t.value <> '' and i.status <> 'merged' group by t.key, t.value),
                        ranked as (select key, value, n, row_number() over (partition by key order by n desc, value) as r,
                                          sum(n) over (partition by key) as issues from counted)
                        select key, value from ranked where r <= ? order by issues desc, key, r""")
                .params(projectId, VALUES_PER_KEY)
                .query((rs, i) -> {
                    String key = rs.getString("key");
                    if (values.containsKey(key) || values.size() < IssueSearch.KEYS.size() + TAG_KEYS) {
                        values.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(rs.getString("value"));
                    }
                    return key;
                }).list();
        values.get(IssueSearch.ASSIGNED).add(IssueSearch.ME);
        values.get(IssueSearch.ASSIGNED).addAll(jdbc.sql("""
                        select u.email from project_members m join users u on u.id = m.user_id
                        where m.project_id = ? order by lower(u.email) limit ?""")
                .params(projectId, VALUES_PER_KEY).query(String.class).list());
        values.get(IssueSearch.HAS).add(IssueSearch.ASSIGNEE);
        values.get(IssueSearch.HAS).addAll(values.keySet().stream()
                .filter(key -> !List.of(IssueSearch.IS, IssueSearch.LEVEL, IssueSearch.HANDLED, IssueSearch.HAS,
                        IssueSearch.ASSIGNED).contains(key))
                .toList());
        return values;
    }

    public IssueSummary get(Caller caller, long issueId) {
        IssueSummary issue = jdbc.sql(SUMMARY_SELECT + " where i.id = ?").param(issueId).query(SUMMARY).optional()
                .orElseThrow(() -> new NotFoundException("issue"));
        if (!access.reaches(caller, issue.projectId())) {
            throw new NotFoundException("issue");
        }
        // an issue holds what the events said: only tokens that may read events see it
        caller.requireScope(Scope.PROJECT_READ);
        return issue;
    }

}
