package io.flytrap.core.users;

import java.time.Instant;

/** An API token as lists show it: its first characters identify it; the rest was shown once, at creation. */
public record TokenInfo(long id, String name, String prefix, Instant createdAt, Instant lastUsedAt) {
}
