package io.flytrap.core.ingest;

import java.util.UUID;

public sealed interface IngestResult {

    /** @param eventId the accepted event's id; null for an envelope that held no event (sessions, reports) */
    record Accepted(UUID eventId) implements IngestResult {
    }

    record Rejected(Reason reason, String message) implements IngestResult {
    }

    /**
     * Over quota: nothing was stored; try again after {@code retryAfterSeconds}.
     *
     * @param scope "project" (the project's own quota) or "organization" (this Flytrap's global one)
     */
    record RateLimited(long retryAfterSeconds, String scope) implements IngestResult {
    }

    enum Reason {
        /** Missing, unknown or revoked key (HTTP 401). */
        UNAUTHORIZED,
        /** A valid key used for another project (HTTP 403 on Sentry endpoints, 401 on native ones). */
        WRONG_PROJECT,
        /** Not JSON, or a field of the wrong type (HTTP 400). */
        INVALID,
        /** Body over a limit (HTTP 413). */
        TOO_LARGE,
        /** The queue cannot take it now; retry later (HTTP 503). */
        UNAVAILABLE
    }
}
