package io.flytrap.core.ingest;

import io.flytrap.core.ingest.IngestResult.Accepted;
import io.flytrap.core.ingest.IngestResult.Reason;
import io.flytrap.core.ingest.IngestResult.Rejected;
import io.flytrap.core.metrics.FlytrapMetrics;
import io.flytrap.core.metrics.FlytrapMetrics.Refusal;

/**
 * Counts how a request ended for the metrics, once per request, whichever transport brought it (the servlet filter
 * and the API Gateway function both come through {@link IngestService}). Accepted events are counted where each is
 * queued, since an envelope's answer names only its first.
 */
final class RefusalCounts {

    private final FlytrapMetrics metrics;

    RefusalCounts(FlytrapMetrics metrics) {
        this.metrics = metrics;
    }

    /** @param projectId the project of the key that was found, or null if none was (the tag is then "unknown") */
    void count(Long projectId, IngestResult result) {
        String project = FlytrapMetrics.project(projectId);
        switch (result) {
            case Accepted ignored -> {
            }
            case IngestResult.PartlyAccepted partly -> count(projectId, partly.refusal());
            case IngestResult.RateLimited ignored -> metrics.eventRejected(project, Refusal.RATE_LIMIT);
            case IngestResult.FailureBudgetSpent ignored -> metrics.eventRejected(project, Refusal.RATE_LIMIT);
            case Rejected rejected when rejected.reason() == Reason.UNAVAILABLE -> metrics.eventDropped(project);
            case Rejected rejected -> metrics.eventRejected(project, switch (rejected.reason()) {
                case UNAUTHORIZED, WRONG_PROJECT -> Refusal.AUTH;
                case TOO_LARGE -> Refusal.SIZE;
                case INVALID, UNAVAILABLE -> Refusal.INVALID;
            });
        }
    }
}
