package io.flytrap.core.issues;

/**
 * The PostgreSQL NOTIFY channel on which the processor announces, after commit, which project's issues changed.
 * The payload is the project id: a wake-up for listeners, who then read what they are allowed to see.
 */
public final class IssueChanges {

    public static final String CHANNEL = "flytrap_issues";

    private IssueChanges() {
    }
}
