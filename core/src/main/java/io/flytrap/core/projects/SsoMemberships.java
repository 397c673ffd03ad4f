package io.flytrap.core.projects;

import io.flytrap.core.audit.AuditLog;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The project memberships single sign-on manages: those its groups grant, recorded with source 'sso'. At each
 * sign-in they are made to match the groups: missing ones added, ones no longer granted removed. Memberships
 * given by hand ('manual') are never touched, and a project granted by both stays manual.
 */
@Service
public class SsoMemberships {

    /** What a sign-in changed, by project id. */
    public record Changes(List<Long> added, List<Long> removed) {
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    public SsoMemberships(JdbcClient jdbc, AuditLog audit, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.events = events;
    }

    /**
     * @param projectNames lower-cased project names the user's groups grant; names of no project are ignored
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Changes sync(long userId, Set<String> projectNames) {
        List<Long> granted = projectNames.isEmpty() ? List.of()
                : jdbc.sql("select id from projects where lower(name) in (:names)").param("names", projectNames)
                .query(Long.class).list();
        List<Long> added = new ArrayList<>();
        for (long projectId : granted) {
            if (jdbc.sql("insert into project_members (project_id, user_id, source) values (?, ?, 'sso') on conflict do nothing")
                    .params(projectId, userId).update() > 0) {
                added.add(projectId);
            }
        }
        // "not in ()" is no SQL: with nothing granted, every membership single sign-on granted goes
        List<Long> removed = granted.isEmpty()
                ? jdbc.sql("delete from project_members where user_id = ? and source = 'sso' returning project_id")
                .param(userId).query(Long.class).list()
                : jdbc.sql("""
                        delete from project_members where user_id = :user and source = 'sso'
                        and project_id not in (:granted) returning project_id""")
                .param("user", userId).param("granted", granted).query(Long.class).list();
        added.forEach(projectId -> changed(userId, projectId, AuditLog.Action.MEMBER_ADDED));
        removed.forEach(projectId -> changed(userId, projectId, AuditLog.Action.MEMBER_REMOVED));
        return new Changes(added, removed);
    }

    private void changed(long userId, long projectId, AuditLog.Action action) {
        audit.recordFor(userId, action, projectId, "user " + userId, Map.of("via", "oidc"));
        events.publishEvent(new ProjectMemberService.AlertRecipientsChanged(projectId));
    }
}
