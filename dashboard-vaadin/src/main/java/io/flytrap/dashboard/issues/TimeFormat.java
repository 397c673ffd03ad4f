package io.flytrap.dashboard.issues;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as the issue views show them: "5 min ago", with the exact UTC time alongside. */
public final class TimeFormat {

    private static final DateTimeFormatter EXACT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private TimeFormat() {
    }

    public static String ago(Instant then, Instant now) {
        long seconds = Math.max(0, Duration.between(then, now).toSeconds());
        if (seconds < 60) {
            return "just now";
        }
        if (seconds < 3_600) {
            return seconds / 60 + " min ago";
        }
        if (seconds < 86_400) {
            return seconds / 3_600 + " h ago";
        }
        return seconds / 86_400 + " d ago";
    }

    public static String exact(Instant instant) {
        return instant == null ? "" : EXACT.format(instant);
    }
}
