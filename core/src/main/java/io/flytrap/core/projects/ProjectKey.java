package io.flytrap.core.projects;

import java.time.Instant;

/** A client key: what an SDK sends (x-api-key, or the public key of a Sentry DSN). */
public record ProjectKey(long id, long projectId, String publicKey, String label, Instant createdAt, Instant revokedAt) {

    public boolean active() {
        return revokedAt == null;
    }
}
