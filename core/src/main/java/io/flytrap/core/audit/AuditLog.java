package io.flytrap.core.audit;

import io.flytrap.core.access.Caller;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Who did what, for the things a team may need to reconstruct later: sign-ins (and failed ones), role changes,
 * key creation and revocation, deletions. Written in the caller's transaction, so an action that rolls back
 * leaves no entry. Never holds secrets: keys are named by id, passwords not at all.
 */
@Service
public class AuditLog {

    /** The actions recorded, as stored. */
    public enum Action {
        SIGN_IN("sign_in"), SIGN_IN_FAILED("sign_in_failed"), ROLE_CHANGED("role_changed"),
        USER_CREATED("user_created"), USER_DISABLED("user_disabled"), USER_ENABLED("user_enabled"),
        PASSWORD_RESET("password_reset"), PASSWORD_CHANGED("password_changed"),
        KEY_CREATED("key_created"), KEY_REVOKED("key_revoked"),
        TOKEN_CREATED("token_created"), TOKEN_REVOKED("token_revoked"),
        MEMBER_ADDED("member_added"), MEMBER_REMOVED("member_removed"),
        ISSUE_RESOLVED("issue_resolved"), ISSUE_IGNORED("issue_ignored"), ISSUE_REOPENED("issue_reopened"),
        ISSUE_DELETED("issue_deleted"), ISSUE_ASSIGNED("issue_assigned"), ISSUE_LINKED("issue_linked"),
        ISSUE_MERGED("issue_merged"), ISSUE_UNMERGED("issue_unmerged"),
        PROJECT_DELETED("project_deleted"),
        ALERT_RULE_CHANGED("alert_rule_changed"), ALERT_CHANNEL_CHANGED("alert_channel_changed");

        private final String stored;

        Action(String stored) {
            this.stored = stored;
        }

        public String stored() {
            return stored;
        }
    }

    /** One entry as read back. */
    public record Entry(long id, java.time.Instant at, Long actorUserId, String action, Long projectId, String target,
                        String details) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    public AuditLog(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(Caller actor, Action action, Long projectId, String target, Map<String, ?> details) {
        insert(actor == null ? null : actor.userId(), action, projectId, target, details, null);
    }

    /**
     * For events that stand on their own, such as a sign-in, with the client's address. Always in a transaction
     * of its own: a failed password check inside an action that then rolls back must still be recorded.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordAlone(Long actorUserId, Action action, String target, Map<String, ?> details, String remoteAddress) {
        insert(actorUserId, action, null, target, details, remoteAddress);
    }

    /** As {@link #record}, for an action whose actor is known only by id (a user's own token, made after sign-in). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordFor(long actorUserId, Action action, Long projectId, String target, Map<String, ?> details) {
        insert(actorUserId, action, projectId, target, details, null);
    }

    /**
     * As {@link #recordFor}, with the client's address: a sign-in that made the account it signs in to must be
     * recorded in that transaction (the entry names the new user), not in one of its own.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordFor(long actorUserId, Action action, String target, Map<String, ?> details, String remoteAddress) {
        insert(actorUserId, action, null, target, details, remoteAddress);
    }

    /** The most recent entries, newest first; administrators only. */
    @Transactional(readOnly = true)
    public List<Entry> recent(Caller caller, int limit) {
        caller.requireAdministrator("only administrators read the audit log");
        return jdbc.sql("select id, at, actor_user_id, action, project_id, target, details::text as details from audit_log order by at desc, id desc limit ?")
                .param(Math.clamp(limit, 1, 1000))
                .query((rs, i) -> new Entry(rs.getLong("id"), rs.getTimestamp("at").toInstant(),
                        rs.getObject("actor_user_id", Long.class), rs.getString("action"),
                        rs.getObject("project_id", Long.class), rs.getString("target"), rs.getString("details")))
                .list();
    }

    private void insert(Long actorUserId, Action action, Long projectId, String target, Map<String, ?> details,
                        String remoteAddress) {
        jdbc.sql("""
                        insert into audit_log (at, actor_user_id, action, project_id, target, details, remote_address)
                        values (?, ?, ?, ?, ?, ?::jsonb, ?)""")
                .params(Timestamp.from(clock.instant()), actorUserId, action.stored(), projectId, target,
                        json.writeValueAsString(details == null ? Map.of() : details), remoteAddress)
                .update();
    }
}
