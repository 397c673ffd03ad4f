package io.flytrap.core.users;

import java.time.Instant;
import java.util.List;

/**
 * An API token as lists show it: its first characters identify it; the rest was shown once, at creation.
 *
 * @param projectId null for a personal token; the project an upload token is limited to
 * @param scopes    null for a personal token (its user's full rights); an upload token's scopes, e.g. project:releases
 */
public record TokenInfo(long id, String name, String prefix, Instant createdAt, Instant lastUsedAt, Long projectId,
                        List<String> scopes) {
}
