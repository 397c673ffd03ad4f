package io.flytrap.core.projects;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.Scope;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.audit.AuditLog;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.Map;

/**
 * Who belongs to a project. Members see the list; only administrators add and remove people (project
 * assignment is an administrator's job); each member switches their own e-mail alerts.
 */
@Service
@Transactional
public class ProjectMemberService {

    private static final RowMapper<ProjectMember> MEMBER = (rs, i) -> new ProjectMember(rs.getLong("user_id"),
            rs.getString("email"), rs.getString("display_name"), rs.getBoolean("email_alerts"),
            rs.getTimestamp("added_at").toInstant());

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final ProjectAccess access;
    private final AuditLog audit;

    /**
     * Who gets a project's e-mail alerts may have changed (a member added or removed, or their own switch), for
     * adapters that keep a recipient list elsewhere (the SNS topic per project).
     */
    public record AlertRecipientsChanged(long projectId) {
    }

    public ProjectMemberService(JdbcClient jdbc, ProjectAccess access, AuditLog audit, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.access = access;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public List<ProjectMember> list(Caller caller, long projectId) {
        access.require(caller, projectId, Scope.PROJECT_READ);
        return jdbc.sql("""
                        select m.user_id, u.email, u.display_name, m.email_alerts, m.added_at
                        from project_members m join users u on u.id = m.user_id
                        where m.project_id = ? order by lower(u.email)""")
                .param(projectId).query(MEMBER).list();
    }

    /**
     * Adds an existing, enabled user by e-mail; adding someone twice changes nothing, except that a membership single
     * sign-on granted becomes one given by hand.
     */
    public ProjectMember add(Caller caller, long projectId, String email) {
        requireAdmin(caller, projectId);
        Long userId = jdbc.sql("select id from users where lower(email) = lower(?) and disabled_at is null")
                .param(email == null ? "" : email.strip()).query(Long.class).optional()
                .orElseThrow(() -> new IllegalArgumentException("No active user has that e-mail address. Create the user first (Users page), then add them."));
        int added = jdbc.sql("insert into project_members (project_id, user_id) values (?, ?) on conflict do nothing")
                .params(projectId, userId).update();
        if (added > 0) {
            audit.record(caller, AuditLog.Action.MEMBER_ADDED, projectId, "user " + userId, Map.of());
            events.publishEvent(new AlertRecipientsChanged(projectId));
        } else if (jdbc.sql("update project_members set source = 'manual' where project_id = ? and user_id = ? and source = 'sso'")
                .params(projectId, userId).update() > 0) {
            // already a member through single sign-on: an administrator adding them by hand means "keep them",
            // so the membership becomes manual and a later sign-in no longer removes it (SsoMemberships)
            audit.record(caller, AuditLog.Action.MEMBER_ADDED, projectId, "user " + userId, Map.of("was", "sso"));
        }
        return member(projectId, userId);
    }

    public void remove(Caller caller, long projectId, long userId) {
        requireAdmin(caller, projectId);
        int removed = jdbc.sql("delete from project_members where project_id = ? and user_id = ?").params(projectId, userId).update();
        if (removed == 0) {
            throw new NotFoundException("member");
        }
        audit.record(caller, AuditLog.Action.MEMBER_REMOVED, projectId, "user " + userId, Map.of());
        events.publishEvent(new AlertRecipientsChanged(projectId));
    }

    /** A member's own choice; nobody switches alerts off for someone else. */
    public ProjectMember setOwnEmailAlerts(Caller caller, long projectId, boolean enabled) {
        access.require(caller, projectId, Scope.PROJECT_WRITE);
        int updated = jdbc.sql("update project_members set email_alerts = ? where project_id = ? and user_id = ?")
                .params(enabled, projectId, caller.userId()).update();
        if (updated == 0) {
            throw new IllegalArgumentException("You are not a member of this project, so there are no e-mail alerts of yours to change (administrators see every project without being members).");
        }
        events.publishEvent(new AlertRecipientsChanged(projectId));
        return member(projectId, caller.userId());
    }

    private ProjectMember member(long projectId, long userId) {
        return jdbc.sql("""
                        select m.user_id, u.email, u.display_name, m.email_alerts, m.added_at
                        from project_members m join users u on u.id = m.user_id where m.project_id = ? and m.user_id = ?""")
                .params(projectId, userId).query(MEMBER).single();
    }

    private void requireAdmin(Caller caller, long projectId) {
        access.require(caller, projectId, Scope.PROJECT_ADMIN);
        caller.requireAdministrator("only administrators add or remove project members");
    }
}
