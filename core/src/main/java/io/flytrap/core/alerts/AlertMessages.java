package io.flytrap.core.alerts;

import io.flytrap.core.issues.IssueMembers;
import io.flytrap.core.urls.UrlProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** Reads what an alert says at the moment it is sent, so counts and last-seen times are current. */
@Component
public class AlertMessages {

    private final JdbcClient jdbc;
    private final String publicUrl;

    public AlertMessages(JdbcClient jdbc, UrlProperties urls) {
        this.jdbc = jdbc;
        this.publicUrl = urls.publicBase();
    }

    AlertMessage forNotification(long projectId, Long issueId, String reason) {
        String projectName = jdbc.sql("select name from projects where id = ?").param(projectId).query(String.class).single();
        if (issueId == null) {
            return new AlertMessage(reason, projectId, projectName, null, "This is a test alert from Flytrap", null, null,
                    null, null, 0, null, null, publicUrl + "/projects/" + projectId + "/issues");
        }
        // a primary's latest event may be one of the issues merged into it (those keep their own events)
        return jdbc.sql("""
                        select i.title, i.culprit, i.level, i.last_release, i.event_count, i.first_seen, i.last_seen,
                               (select e.environment from events e where MEMBERS
                                order by e.received_at desc, e.id desc limit 1) as environment
                        from issues i where i.id = ?""".replace("MEMBERS", "e." + IssueMembers.condition(jdbc, issueId)))
                .param(issueId)
                .query((rs, n) -> new AlertMessage(reason, projectId, projectName, issueId, rs.getString("title"),
                        rs.getString("culprit"), rs.getString("level"), rs.getString("environment"),
                        rs.getString("last_release"), rs.getLong("event_count"), instant(rs.getTimestamp("first_seen")),
                        instant(rs.getTimestamp("last_seen")), publicUrl + "/issues/" + issueId))
                .single();
    }

    private static Instant instant(java.sql.Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
