package io.flytrap.core.issues;

/**
 * The PostgreSQL NOTIFY channel on which the processor and triage announce, after commit, which project's issues
 * changed (new events, counts, status).
 * The payload is the project id: a wake-up for listeners, who then read what they are allowed to see.
 */
public final class IssueChanges {

    public static final String CHANNEL = "flytrap_issues";

    private IssueChanges() {
    }

    /** Announces a change to the project's issues; PostgreSQL delivers it when (and only if) the transaction commits. */
    static void announce(org.springframework.jdbc.core.simple.JdbcClient jdbc, long projectId) {
        jdbc.sql("select pg_notify(?, ?)").params(CHANNEL, Long.toString(projectId)).query((rs, i) -> null).list();
    }
}
