package io.flytrap.core.ingest;

import java.util.List;
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

    /**
     * Too many of this client's requests were refused lately (invalid, too large, unknown key): this one was
     * refused before its body was read. Nothing was stored; try again after {@code retryAfterSeconds}.
     *
     * @param scope "address" (the client's network address) or "key" (the project key it used)
     */
    record FailureBudgetSpent(long retryAfterSeconds, String scope) implements IngestResult {
    }

    /**
     * An envelope read up to a fatal item: the events before it were accepted and queued (their ids in order),
     * nothing from that item on. Answered with the refusal's status, naming the accepted ids.
     */
    record PartlyAccepted(List<UUID> accepted, IngestResult refusal) implements IngestResult {

        public PartlyAccepted {
            accepted = List.copyOf(accepted);
        }
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
        /** The queue cannot take it now, or the database cannot check the key; retry later (HTTP 503). */
        UNAVAILABLE
    }
}
