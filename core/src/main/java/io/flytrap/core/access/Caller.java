package io.flytrap.core.access;

/**
 * Who is asking. Every service method that reads or changes project data takes one and checks membership
 * itself, so views and controllers are never the only gate.
 *
 * @param projectScope null for a user; a project id for a project-scoped API token, which reaches only that
 *                     project, as a member, without administrator rights
 */
public record Caller(long userId, boolean admin, Long projectScope) {

    /** A signed-in user with all their rights. */
    public Caller(long userId, boolean admin) {
        this(userId, admin, null);
    }

    public Caller {
        if (projectScope != null && admin) {
            throw new IllegalArgumentException("a caller limited to one project never has administrator rights");
        }
    }

    /** False when this caller (a project-scoped token) may not reach that project, whatever its user may. */
    public boolean mayReach(long projectId) {
        return projectScope == null || projectScope == projectId;
    }
}
