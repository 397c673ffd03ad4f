package io.flytrap.core.access;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a project's API token may do there, named as Sentry names its auth-token scopes so that tools written for
 * Sentry (sentry-cli) read them the same way. A signed-in user, and a personal token, hold them all; an upload token
 * holds those chosen when it was made, by default {@link #PROJECT_RELEASES} only, which is what CI needs.
 */
public enum Scope {

    /** Releases, deploys, commits and source maps: what a CI job uploads. Reads no events or settings. */
    PROJECT_RELEASES("project:releases"),
    /** Reads issues, events, settings, alert rules and channels. */
    PROJECT_READ("project:read"),
    /** Everything read allows, plus triage (resolve, ignore), in-app rules, alert rules, releases. */
    PROJECT_WRITE("project:write"),
    /**
     * Everything, including what changes where data goes or how long it stays: scrubbing, retention, alert
     * channels (webhooks carry events outside), client keys, members, upload tokens, deleting issues and the project.
     */
    PROJECT_ADMIN("project:admin");

    /** A user's own rights: every scope (what they may do is then decided by membership and role). */
    public static final Set<Scope> ALL = Set.copyOf(EnumSet.allOf(Scope.class));
    /** An upload token made without naming scopes: enough for sentry-cli, nothing more. */
    public static final Set<Scope> UPLOAD_DEFAULT = Set.of(PROJECT_RELEASES);

    private final String value;

    Scope(String value) {
        this.value = value;
    }

    /** As the API and the database spell it, e.g. {@code project:releases}. */
    public String value() {
        return value;
    }

    /** Whether holding this scope grants {@code needed}: admin includes write, write includes read and releases. */
    public boolean includes(Scope needed) {
        return switch (this) {
            case PROJECT_ADMIN -> true;
            case PROJECT_WRITE -> needed != PROJECT_ADMIN;
            case PROJECT_READ, PROJECT_RELEASES -> needed == this;
        };
    }

    public static Scope parse(String value) {
        String clean = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(scope -> scope.value.equals(clean)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scope '" + (clean.length() > 40 ? clean.substring(0, 40) : clean)
                        + "': use " + Arrays.stream(values()).map(Scope::value).collect(Collectors.joining(", "))));
    }
}
