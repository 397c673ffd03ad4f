package io.flytrap.core.alerts;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.Scope;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.access.Tokens;
import io.flytrap.core.audit.AuditLog;
import io.flytrap.core.projects.ProjectAccess;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.Map;

/**
 * A project's alert channels, managed by its members. Target URLs pass {@link TargetGuard} when saved (and again
 * when sent to); a webhook gets a signing secret that is shown once, at creation.
 */
@Service
public class AlertChannelService {

    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_URL_LENGTH = 2000;

    static final RowMapper<AlertChannel> CHANNEL = (rs, i) -> new AlertChannel(rs.getLong("id"), rs.getLong("project_id"),
            ChannelKind.fromWire(rs.getString("kind")), rs.getString("name"), rs.getString("url"), rs.getBoolean("enabled"));

    /** A new channel and, for webhooks, the secret receivers verify signatures with (never shown again). */
    public record CreatedChannel(AlertChannel channel, String secret) {
        @Override
        public String toString() {
            return "CreatedChannel[" + channel + "]";
        }
    }

    private final JdbcClient jdbc;
    private final ProjectAccess access;
    private final TargetGuard guard;
    private final AuditLog audit;

    public AlertChannelService(JdbcClient jdbc, ProjectAccess access, TargetGuard guard, AuditLog audit) {
        this.jdbc = jdbc;
        this.access = access;
        this.guard = guard;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public List<AlertChannel> list(Caller caller, long projectId) {
        access.require(caller, projectId, Scope.PROJECT_READ);
        return jdbc.sql("select * from alert_channels where project_id = ? order by id").param(projectId).query(CHANNEL).list();
    }

    @Transactional
    public CreatedChannel create(Caller caller, long projectId, String kindName, String name, String url) {
        access.require(caller, projectId, Scope.PROJECT_ADMIN);
        ChannelKind kind = ChannelKind.fromWire(kindName);
        String cleanName = cleanName(name, kind);
        String target = null;
        if (kind.needsUrl()) {
            target = checkedUrl(url);
        } else if (jdbc.sql("select count(*) from alert_channels where project_id = ? and kind = 'email'")
                .param(projectId).query(Long.class).single() > 0) {
            throw new IllegalArgumentException("the project already has its e-mail channel (members choose for themselves)");
        }
        String secret = kind == ChannelKind.WEBHOOK ? Tokens.randomHex(32) : null;
        AlertChannel channel = jdbc.sql("insert into alert_channels (project_id, kind, name, url, secret) values (?, ?, ?, ?, ?) returning *")
                .params(projectId, kind.wireName(), cleanName, target, secret).query(CHANNEL).single();
        audit.record(caller, AuditLog.Action.ALERT_CHANNEL_CHANGED, projectId, "channel " + channel.id(),
                Map.of("created", kind.wireName()));
        return new CreatedChannel(channel, secret);
    }

    /** Renames, retargets or switches a channel on or off; null fields keep their value. */
    @Transactional
    public AlertChannel update(Caller caller, long projectId, long channelId, String name, String url, Boolean enabled) {
        AlertChannel current = get(caller, projectId, channelId, Scope.PROJECT_ADMIN);
        String newName = name == null ? current.name() : cleanName(name, current.kind());
        String newUrl = url == null || !current.kind().needsUrl() ? current.url() : checkedUrl(url);
        AlertChannel channel = jdbc.sql("update alert_channels set name = ?, url = ?, enabled = ? where id = ? returning *")
                .params(newName, newUrl, enabled == null ? current.enabled() : enabled, channelId).query(CHANNEL).single();
        audit.record(caller, AuditLog.Action.ALERT_CHANNEL_CHANGED, projectId, "channel " + channelId, Map.of("updated", true));
        return channel;
    }

    @Transactional
    public void delete(Caller caller, long projectId, long channelId) {
        get(caller, projectId, channelId, Scope.PROJECT_ADMIN);
        jdbc.sql("delete from alert_channels where id = ?").param(channelId).update();
        audit.record(caller, AuditLog.Action.ALERT_CHANNEL_CHANGED, projectId, "channel " + channelId, Map.of("deleted", true));
    }

    AlertChannel get(Caller caller, long projectId, long channelId, Scope needed) {
        access.require(caller, projectId, needed);
        return jdbc.sql("select * from alert_channels where id = ? and project_id = ?").params(channelId, projectId)
                .query(CHANNEL).optional().orElseThrow(() -> new NotFoundException("alert channel"));
    }

    private static String cleanName(String name, ChannelKind kind) {
        String clean = name == null || name.isBlank() ? kind.wireName() : name.strip();
        if (clean.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("A channel name can be at most " + MAX_NAME_LENGTH + " characters long.");
        }
        return clean;
    }

    private String checkedUrl(String url) {
        if (url == null || url.length() > MAX_URL_LENGTH) {
            throw new IllegalArgumentException("Enter the address to send to (a URL of at most " + MAX_URL_LENGTH + " characters).");
        }
        return guard.check(url).toString();
    }
}
