package io.flytrap.core.access;

import java.util.Arrays;
import java.util.Set;

/**
 * Who is asking. Every service method that reads or changes project data takes one and checks membership
 * itself, and the scopes the project asks for, so views and controllers are never the only gate.
 *
 * @param projectScope null for a user; a project id for a project-scoped API token, which reaches only that
 *                     project, as a member, without administrator rights
 * @param scopes       what the caller may do in the projects it reaches: all of them for a user, the token's own
 *                     for an upload token
 */
public record Caller(long userId, boolean admin, Long projectScope, Set<Scope> scopes) {

    /** A signed-in user with all their rights. */
    public Caller(long userId, boolean admin) {
        this(userId, admin, null, Scope.ALL);
    }

    public Caller {
        if (projectScope != null && admin) {
            throw new IllegalArgumentException("a caller limited to one project never has administrator rights");
        }
        if (scopes == null || scopes.isEmpty()) {
            throw new IllegalArgumentException("a caller holds at least one scope");
        }
        scopes = Set.copyOf(scopes);
    }

    /** False when this caller (a project-scoped token) may not reach that project, whatever its user may. */
    public boolean mayReach(long projectId) {
        return projectScope == null || projectScope == projectId;
    }

    /** Whether one of the caller's scopes grants {@code needed}. */
    public boolean allows(Scope needed) {
        return scopes.stream().anyMatch(held -> held.includes(needed));
    }

    /**
     * Throws {@link ForbiddenException} with this refusal unless the caller is an administrator. For what only
     * administrators may do; where a project is involved, call it after the project's own check, so the refusal
     * never reveals that the project exists.
     */
    public void requireAdministrator(String refusal) {
        if (!admin) {
            throw new ForbiddenException(refusal);
        }
    }

    /**
     * Throws {@link ForbiddenException} unless the caller holds one of these scopes. Call it only once the caller
     * is known to reach the thing, so the refusal never reveals that something exists.
     */
    public void requireScope(Scope needed, Scope... orAnyOf) {
        if (allows(needed) || Arrays.stream(orAnyOf).anyMatch(this::allows)) {
            return;
        }
        throw new ForbiddenException("this token lacks the " + needed.value() + " scope"
                + (orAnyOf.length == 0 ? "" : " (or " + String.join(", ", Arrays.stream(orAnyOf).map(Scope::value).toList()) + ")"));
    }
}
