package io.flytrap.core.issues;

import java.time.Instant;

/**
 * An issue as the issue list and the issue page header show it.
 *
 * @param userCount      distinct affected users (by user id, e-mail or address, hashed)
 * @param regressedAt    when it last came back after being resolved; null if it never did
 * @param resolvedIn     the release it was resolved in, while resolved that way; with resolvedInNextRelease, the
 *                       release that was current when it was resolved, the fix being in the one after it
 * @param assigneeUserId the project member it is assigned to; null when nobody is
 * @param assigneeEmail  that member's e-mail address; null when nobody is assigned
 * @param externalUrl    the issue in an external tracker it is linked to (http or https); null when none
 */
public record IssueSummary(long id, long projectId, String title, String culprit, String level, String status,
                           boolean unhandled, Instant firstSeen, Instant lastSeen, long eventCount, long userCount,
                           String firstRelease, String lastRelease, Instant regressedAt, String resolvedIn,
                           boolean resolvedInNextRelease, Instant ignoredUntil, Long ignoredUntilCount,
                           Long assigneeUserId, String assigneeEmail, String externalUrl) {
}
