package io.flytrap.core.projects;

import java.time.Instant;
import java.util.Locale;

public record Project(long id, String name, String platform, Instant createdAt) {

    /** The name as Sentry's tools write a project slug: lower case, runs of anything else one dash. */
    public String slug() {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    /** Whether a tool's --project value names this project: its id, its name or its slug. */
    public boolean isCalled(String reference) {
        return Long.toString(id).equals(reference) || name.equalsIgnoreCase(reference) || slug().equals(reference);
    }
}
