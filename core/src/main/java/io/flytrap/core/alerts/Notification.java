package io.flytrap.core.alerts;

import java.time.Instant;

/** One alert to one channel (and, for e-mail, one member), as the dashboard lists them. */
public record Notification(long id, long projectId, Long issueId, String issueTitle, long channelId, String channelName,
                           ChannelKind channelKind, String recipient, String reason, String state, int attempts,
                           String lastError, Instant createdAt, Instant sentAt) {
}
