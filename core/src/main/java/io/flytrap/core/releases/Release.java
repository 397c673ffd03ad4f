package io.flytrap.core.releases;

import java.time.Instant;

/**
 * A release of one project: created by its first event or by the build pipeline, whichever comes first.
 *
 * @param dateReleased when the pipeline finalized it; null while unreleased
 * @param firstEvent   the first event received from it; null before any
 * @param newIssues    issues first seen in this release
 */
public record Release(long id, long projectId, String version, Instant createdAt, Instant dateStarted,
                      Instant dateReleased, String url, Instant firstEvent, Instant lastEvent, long newIssues,
                      long commitCount, long deployCount) {
}
