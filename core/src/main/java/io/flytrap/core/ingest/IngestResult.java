package io.flytrap.core.ingest;

import java.util.UUID;

public sealed interface IngestResult {

    record Accepted(UUID eventId) implements IngestResult {
    }

    record Rejected(Reason reason, String message) implements IngestResult {
    }

    enum Reason {
        /** Missing, unknown or revoked key, or a key of another project (HTTP 401). */
        UNAUTHORIZED,
        /** Not JSON, or a field of the wrong type (HTTP 400). */
        INVALID,
        /** Body over the limit (HTTP 413). */
        TOO_LARGE,
        /** The queue cannot take it now; retry later (HTTP 503). */
        UNAVAILABLE
    }
}
