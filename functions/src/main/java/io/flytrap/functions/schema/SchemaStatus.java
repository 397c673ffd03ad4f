package io.flytrap.functions.schema;

/**
 * The schema this jar needs against the one the database has.
 *
 * @param expected        the newest migration version the jar carries
 * @param databaseVersion the newest version applied to the database ({@link #NONE} on an empty database)
 * @param pending         migrations of the jar the database has not applied
 * @param failed          a migration is recorded as failed: the schema is in an unknown state
 */
public record SchemaStatus(String expected, String databaseVersion, int pending, boolean failed) {

    public static final String NONE = "none";

    /** A database ahead of the jar is fine (a rollback of the functions): migrations only add what old code ignores. */
    public boolean current() {
        return pending == 0 && !failed;
    }
}
