package io.flytrap.core.projects;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.Scope;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.access.Tokens;
import io.flytrap.core.audit.AuditLog;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;

/**
 * A project's client keys: create (with a label and an optional rate limit), relabel, rotate and revoke. Any
 * member of the project may manage its keys; every change is audited. Revoking publishes {@link KeyRevoked} so
 * ingest in the same process forgets the key at once (other processes within their key cache's lifetime).
 */
@Service
@Transactional
public class ProjectKeyService {

    static final int MAX_LABEL_LENGTH = 100;

    /** Published after a key was revoked (or rotated away). */
    public record KeyRevoked(String publicKey) {
    }

    private final JdbcClient jdbc;
    private final ProjectAccess access;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public ProjectKeyService(JdbcClient jdbc, ProjectAccess access, AuditLog audit, ApplicationEventPublisher events,
                             Clock clock) {
        this.jdbc = jdbc;
        this.access = access;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    public ProjectKey create(Caller caller, long projectId, String label, Integer rateLimitPerMinute) {
        access.require(caller, projectId, Scope.PROJECT_ADMIN);
        String cleanLabel = validLabel(label);
        if (rateLimitPerMinute != null && rateLimitPerMinute <= 0) {
            throw new IllegalArgumentException("The rate limit must be at least 1 event per minute; leave it empty for the project's default.");
        }
        ProjectKey key = jdbc.sql("""
                        insert into project_keys (project_id, public_key, label, rate_limit_per_minute) values (?, ?, ?, ?)
                        returning *""")
                .params(projectId, Tokens.randomHex(16), cleanLabel, rateLimitPerMinute).query(ProjectService.KEY).single();
        audit.record(caller, AuditLog.Action.KEY_CREATED, projectId, "key " + key.id(), Map.of("label", cleanLabel));
        return key;
    }

    public ProjectKey relabel(Caller caller, long projectId, long keyId, String label) {
        ProjectKey key = get(caller, projectId, keyId);
        return jdbc.sql("update project_keys set label = ? where id = ? returning *")
                .params(validLabel(label), key.id()).query(ProjectService.KEY).single();
    }

    /** Stops the key working; events already accepted with it stay. Revoking twice changes nothing. */
    public ProjectKey revoke(Caller caller, long projectId, long keyId) {
        ProjectKey key = get(caller, projectId, keyId);
        if (!key.active()) {
            return key;
        }
        ProjectKey revoked = jdbc.sql("update project_keys set revoked_at = ? where id = ? returning *")
                .params(Timestamp.from(clock.instant()), key.id()).query(ProjectService.KEY).single();
        audit.record(caller, AuditLog.Action.KEY_REVOKED, projectId, "key " + key.id(), Map.of("label", key.label()));
        events.publishEvent(new KeyRevoked(key.publicKey()));
        return revoked;
    }

    /** A new key with the same label and limit in place of an active one, which is revoked at once. */
    public ProjectKey rotate(Caller caller, long projectId, long keyId) {
        ProjectKey old = get(caller, projectId, keyId);
        if (!old.active()) {
            throw new IllegalArgumentException("a revoked key cannot be rotated; create a new one");
        }
        ProjectKey replacement = create(caller, projectId, old.label(), old.rateLimitPerMinute());
        revoke(caller, projectId, keyId);
        return replacement;
    }

    private ProjectKey get(Caller caller, long projectId, long keyId) {
        access.require(caller, projectId, Scope.PROJECT_ADMIN);
        return jdbc.sql("select * from project_keys where id = ? and project_id = ?").params(keyId, projectId)
                .query(ProjectService.KEY).optional().orElseThrow(() -> new NotFoundException("key"));
    }

    private static String validLabel(String label) {
        String clean = label == null ? "" : label.strip();
        if (clean.isEmpty() || clean.length() > MAX_LABEL_LENGTH) {
            throw new IllegalArgumentException("Give the key a label of 1 to " + MAX_LABEL_LENGTH + " characters, e.g. Web frontend.");
        }
        return clean;
    }
}
