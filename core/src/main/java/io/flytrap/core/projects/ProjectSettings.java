package io.flytrap.core.projects;

/**
 * @param scrubData        mask secrets in events on the server (on by default)
 * @param scrubIpAddresses also remove end users' IP addresses (off by default)
 * @param retentionDays    how long events are kept; issues and their counts stay
 */
public record ProjectSettings(boolean scrubData, boolean scrubIpAddresses, int retentionDays) {

    public static final int MIN_RETENTION_DAYS = 1;
    public static final int MAX_RETENTION_DAYS = 3650;
}
