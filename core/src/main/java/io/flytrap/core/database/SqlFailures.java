package io.flytrap.core.database;

import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;

/** What a failure says about the database: read from its chain of causes, SQL states included. */
public final class SqlFailures {

    private SqlFailures() {
    }

    /**
     * The database could not be reached or went away mid-work (SQL states of class 08, connection exception, and
     * 57P, operator intervention such as a shutdown; the pool's "no connection in time" is a transient connection
     * exception): nothing about the data, so retrying it part by part finds nothing, and a client is told to retry.
     */
    public static boolean databaseUnavailable(Throwable error) {
        return causes(error).anyMatch(cause -> cause instanceof SQLTransientConnectionException
                || cause instanceof SQLNonTransientConnectionException
                || cause instanceof SQLException sql && sql.getSQLState() != null
                        && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P")));
    }

    /**
     * The chain of causes, including the exception a failed rollback hides: when the connection dies mid-transaction
     * the rollback fails too, and Spring reports that ("Connection is closed", no SQL state) with the real failure
     * kept aside as the application exception.
     */
    public static Stream<Throwable> causes(Throwable error) {
        return Stream.iterate(error, cause -> cause != null, cause -> cause.getCause() == cause ? null : cause.getCause())
                .flatMap(cause -> cause instanceof TransactionSystemException rollback
                        && rollback.getApplicationException() != null
                        ? Stream.concat(Stream.of(cause), causes(rollback.getApplicationException()))
                        : Stream.of(cause));
    }
}
