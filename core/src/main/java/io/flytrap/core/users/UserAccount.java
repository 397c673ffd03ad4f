package io.flytrap.core.users;

import java.time.Instant;

/** A user as administrators manage them. */
public record UserAccount(long id, String email, String displayName, Role role, Instant createdAt, boolean disabled) {
}
