package io.flytrap.core.projects;

import java.time.Instant;

/** A user who belongs to a project, and whether they get its e-mail alerts. */
public record ProjectMember(long userId, String email, String displayName, boolean emailAlerts, Instant addedAt) {
}
