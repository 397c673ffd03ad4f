package io.flytrap.core.alerts;

import java.time.Instant;

/**
 * What an alert says, the same for every channel. Everything but the ids and counts comes from events, so it is
 * untrusted text: each channel escapes it for its own format (see {@link AlertContent}).
 *
 * @param reason new_issue, regression, frequency or test
 * @param link   the issue in the dashboard
 */
public record AlertMessage(String reason, long projectId, String projectName, Long issueId, String title,
                           String culprit, String level, String environment, String release, long eventCount,
                           Instant firstSeen, Instant lastSeen, String link) {
}
