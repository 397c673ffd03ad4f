package io.flytrap.core.issues;

/** The issue list's orders, each backed by an index on (project_id, column desc, id desc). */
public enum IssueSort {
    LAST_SEEN("last_seen"),
    FIRST_SEEN("first_seen"),
    EVENTS("event_count"),
    USERS("user_count");

    private final String column;

    IssueSort(String column) {
        this.column = column;
    }

    /** A fixed column name, never user input: safe to put into SQL. */
    String column() {
        return column;
    }
}
