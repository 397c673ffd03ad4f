package io.flytrap.core.issues;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The issue list's time ranges: issues last seen within the period; ALL for no limit. */
public enum IssuePeriod {
    DAY("24h", "Last 24 hours", Duration.ofHours(24)),
    WEEK("7d", "Last 7 days", Duration.ofDays(7)),
    TWO_WEEKS("14d", "Last 14 days", Duration.ofDays(14)),
    MONTH("30d", "Last 30 days", Duration.ofDays(30)),
    QUARTER("90d", "Last 90 days", Duration.ofDays(90)),
    ALL("all", "All time", null);

    private final String code;
    private final String label;
    private final Duration duration;

    IssuePeriod(String code, String label, Duration duration) {
        this.code = code;
        this.label = label;
        this.duration = duration;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    /** Null for ALL. */
    public Duration duration() {
        return duration;
    }

    /** By its code as URLs and the API spell it (24h, 7d, 14d, 30d, 90d, all). */
    public static IssuePeriod ofCode(String code) {
        return Arrays.stream(values()).filter(p -> p.code.equalsIgnoreCase(code == null ? "" : code.strip()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("period must be one of "
                        + Arrays.stream(values()).map(IssuePeriod::code).collect(Collectors.joining(", "))));
    }
}
