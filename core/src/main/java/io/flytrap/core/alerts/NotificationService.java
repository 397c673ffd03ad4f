package io.flytrap.core.alerts;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.Scope;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.projects.ProjectAccess;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;

/** The outbox as a project's members see it: recent notifications, failed ones to retry, test alerts. */
@Service
public class NotificationService {

    static final int MAX_LISTED = 200;

    private static final RowMapper<Notification> NOTIFICATION = (rs, i) -> new Notification(rs.getLong("id"),
            rs.getLong("project_id"), rs.getObject("issue_id", Long.class), rs.getString("title"), rs.getLong("channel_id"),
            rs.getString("name"), ChannelKind.fromWire(rs.getString("kind")), rs.getString("recipient"),
            rs.getString("reason"), rs.getString("state"), rs.getInt("attempts"), rs.getString("last_error"),
            rs.getTimestamp("created_at").toInstant(),
            rs.getTimestamp("sent_at") == null ? null : rs.getTimestamp("sent_at").toInstant());

    private final JdbcClient jdbc;
    private final ProjectAccess access;
    private final AlertChannelService channels;

    public NotificationService(JdbcClient jdbc, ProjectAccess access, AlertChannelService channels) {
        this.jdbc = jdbc;
        this.access = access;
        this.channels = channels;
    }

    /** The newest notifications of the project, or only those in one state (pending, sent, failed). */
    @Transactional(readOnly = true)
    public List<Notification> list(Caller caller, long projectId, String state) {
        access.require(caller, projectId, Scope.PROJECT_READ);
        if (state != null && !List.of("pending", "sent", "failed").contains(state)) {
            throw new IllegalArgumentException("state must be pending, sent or failed");
        }
        return jdbc.sql("""
                        select n.*, i.title, c.name, c.kind from notifications n
                        join alert_channels c on c.id = n.channel_id left join issues i on i.id = n.issue_id
                        where n.project_id = ? and (cast(? as text) is null or n.state = ?)
                        order by n.created_at desc, n.id desc limit ?""")
                .params(projectId, state, state, MAX_LISTED).query(NOTIFICATION).list();
    }

    /** Puts a failed notification back in the queue, with fresh attempts. */
    @Transactional
    public void retry(Caller caller, long projectId, long notificationId) {
        access.require(caller, projectId, Scope.PROJECT_WRITE);
        int updated = jdbc.sql("""
                        update notifications set state = 'pending', attempts = 0, next_attempt_at = now()
                        where id = ? and project_id = ? and state = 'failed'""")
                .params(notificationId, projectId).update();
        if (updated == 0) {
            throw new NotFoundException("failed notification");
        }
    }

    /**
     * A test alert through one channel; for e-mail over SMTP, to the caller only (over SNS the message goes to
     * the project's topic, and so to every subscribed member).
     */
    @Transactional
    public void sendTest(Caller caller, long projectId, long channelId) {
        AlertChannel channel = channels.get(caller, projectId, channelId, Scope.PROJECT_WRITE);
        String recipient = null;
        if (channel.kind() == ChannelKind.EMAIL) {
            recipient = jdbc.sql("select email from users where id = ?").param(caller.userId()).query(String.class).single();
        }
        jdbc.sql("insert into notifications (project_id, channel_id, recipient, reason) values (?, ?, ?, 'test')")
                .params(projectId, channelId, recipient).update();
    }
}
