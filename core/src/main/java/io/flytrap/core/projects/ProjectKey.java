package io.flytrap.core.projects;

import java.time.Instant;

/**
 * A client key: what an SDK sends (x-api-key, or the public key of a Sentry DSN).
 *
 * @param rateLimitPerMinute events per minute this key may send; null for the project's default
 */
public record ProjectKey(long id, long projectId, String publicKey, String label, Integer rateLimitPerMinute,
                         Instant createdAt, Instant revokedAt) {

    public boolean active() {
        return revokedAt == null;
    }
}
