package io.flytrap.core.projects;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.Scope;
import io.flytrap.core.audit.AuditLog;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.Map;

/**
 * Deleting a project takes everything of it along (issues, events, keys, memberships, counts) in one transaction.
 * Administrators only. Its keys stop working at once in this process; events already queued for it are dropped
 * by the processor, which skips events of projects that no longer exist.
 */
@Service
public class ProjectDeletionService {

    /** Published inside the deleting transaction; listeners that clean up outside the database wait for commit. */
    public record ProjectDeleted(long projectId) {
    }

    private final JdbcClient jdbc;
    private final ProjectService projects;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    public ProjectDeletionService(JdbcClient jdbc, ProjectService projects, AuditLog audit, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.projects = projects;
        this.audit = audit;
        this.events = events;
    }

    @Transactional
    public void delete(Caller caller, long projectId) {
        Project project = projects.get(caller, projectId);
        caller.requireScope(Scope.PROJECT_ADMIN);
        caller.requireAdministrator("only administrators delete projects");
        var keys = projects.keys(caller, projectId);
        long issues = jdbc.sql("select count(*) from issues where project_id = ?").param(projectId).query(Long.class).single();
        jdbc.sql("delete from projects where id = ?").param(projectId).update();
        audit.record(caller, AuditLog.Action.PROJECT_DELETED, projectId, "project " + projectId,
                Map.of("name", project.name(), "issues", issues));
        keys.forEach(key -> events.publishEvent(new ProjectKeyService.KeyRevoked(key.publicKey())));
        events.publishEvent(new ProjectDeleted(projectId));
    }
}
