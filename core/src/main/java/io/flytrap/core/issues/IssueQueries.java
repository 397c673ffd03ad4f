package io.flytrap.core.issues;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.event.Event;
import io.flytrap.core.projects.ProjectService;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
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
            rs.getString("resolved_in_release"), instant(rs.getTimestamp("ignored_until")),
            rs.getObject("ignored_until_count", Long.class));

    private static Instant instant(java.sql.Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private final JdbcClient jdbc;
    private final ProjectService projects;
    private final JsonMapper json;

    public IssueQueries(JdbcClient jdbc, ProjectService projects, JsonMapper json) {
        this.jdbc = jdbc;
        this.projects = projects;
        this.json = json;
    }

    /** Issues of a project, most recently seen first. */
    public List<IssueSummary> list(Caller caller, long projectId, int offset, int limit) {
        projects.requireAccess(caller, projectId);
        return jdbc.sql("""
                        select * from issues where project_id = ?
                        order by last_seen desc, id desc offset ? limit ?""")
                .params(projectId, Math.max(offset, 0), Math.clamp(limit, 0, MAX_PAGE_SIZE))
                .query(SUMMARY).list();
    }

    public long count(Caller caller, long projectId) {
        projects.requireAccess(caller, projectId);
        return jdbc.sql("select count(*) from issues where project_id = ?").param(projectId).query(Long.class).single();
    }

    public IssueSummary get(Caller caller, long issueId) {
        IssueSummary issue = jdbc.sql("select * from issues where id = ?").param(issueId).query(SUMMARY).optional()
                .orElseThrow(() -> new NotFoundException("issue"));
        if (!projects.canAccess(caller, issue.projectId())) {
            throw new NotFoundException("issue");
        }
        return issue;
    }

    /** The most recently received event of an issue. */
    public Optional<StoredEvent> latestEvent(Caller caller, long issueId) {
        get(caller, issueId);
        return jdbc.sql("select payload from events where issue_id = ? order by received_at desc, id desc limit 1")
                .param(issueId)
                .query((rs, i) -> new StoredEvent(issueId, json.readValue(rs.getString("payload"), Event.class)))
                .optional();
    }
}
