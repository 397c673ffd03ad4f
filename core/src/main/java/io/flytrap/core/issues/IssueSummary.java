package io.flytrap.core.issues;

import java.time.Instant;

/** An issue as the issue list and the issue page header show it. */
public record IssueSummary(long id, long projectId, String title, String culprit, String level, String status,
                           boolean unhandled, Instant firstSeen, Instant lastSeen, long eventCount) {
}
