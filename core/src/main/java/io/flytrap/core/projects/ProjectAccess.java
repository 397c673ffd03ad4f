package io.flytrap.core.projects;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.access.Scope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The one place that decides whether a caller may reach a project: every core service that reads or changes a
 * project's data asks here before it does, so views, controllers and functions are never the only gate. Who is an
 * administrator, and what a token's scopes allow, the {@link Caller} itself answers.
 * <p>
 * In order: a caller limited to one project (an upload token) reaches only that project; an administrator reaches
 * every project that exists; anyone else only the projects they are a member of. Failing that is "not found",
 * exactly as for a project that does not exist. Then the caller must hold the scope the method names (403).
 */
@Component
public class ProjectAccess {

    private final JdbcClient jdbc;

    /** Public for the issue-list benchmark, which builds its queries without a Spring context. */
    public ProjectAccess(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Throws {@link NotFoundException} unless the caller reaches the project, and then
     * {@link io.flytrap.core.access.ForbiddenException} unless it holds one of the scopes given.
     */
    public void require(Caller caller, long projectId, Scope needed, Scope... orAnyOf) {
        if (!reaches(caller, projectId)) {
            throw new NotFoundException("project");
        }
        caller.requireScope(needed, orAnyOf);
    }

    /** Whether the caller reaches the project (for something found by another id, which then answers "not found"). */
    public boolean reaches(Caller caller, long projectId) {
        if (!caller.mayReach(projectId)) {
            return false;
        }
        if (caller.admin()) {
            return jdbc.sql("select exists (select 1 from projects where id = ?)").param(projectId)
                    .query(Boolean.class).single();
        }
        return jdbc.sql("select exists (select 1 from project_members where project_id = ? and user_id = ?)")
                .params(projectId, caller.userId()).query(Boolean.class).single();
    }

    /** Whether the caller reaches every project (an administrator, not limited to one project). */
    public boolean reachesEveryProject(Caller caller) {
        return caller.admin() && caller.projectScope() == null;
    }
}
