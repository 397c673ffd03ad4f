package io.flytrap.core.alerts;

/**
 * A place alerts go. The webhook signing secret is not part of it (it is shown once, when created, and only the
 * dispatcher reads it back), so a channel can be listed and logged safely.
 */
public record AlertChannel(long id, long projectId, ChannelKind kind, String name, String url, boolean enabled) {
}
