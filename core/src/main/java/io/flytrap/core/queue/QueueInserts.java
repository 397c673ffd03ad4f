package io.flytrap.core.queue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One group-commit writer's inserts into the queue: each group commit is one row of {@code queue_batches}, its events
 * framed by {@link QueueBatchCodec} in one binary parameter. One row per event, as before, cost the writer thread a
 * JSON of the meta and eight parameters per event, and PostgreSQL a tuple, three index entries and a jsonb parse per
 * event (issue #24). The inserts run on a connection it keeps while events keep coming: the statement
 * timeout that bounds an insert is PostgreSQL's {@code statement_timeout}, set once when the connection is taken, so
 * a batch costs two round trips (the insert, the commit) and no timer. A JDBC query timeout, the alternative,
 * schedules a {@code java.util.Timer} task for every batch in the one thread every ingest request waits on; that
 * was the hottest frame of ingest's profile (issue #24). The server-side timeout also ends a slow statement without
 * the cancel request JDBC would send through a second connection.
 * <p>
 * The connection comes from the pool and goes back after a second without events, or after any failure, with
 * {@code statement_timeout} reset first so that no other query of the application inherits it. Only its writer
 * thread touches an instance.
 */
final class QueueInserts implements GroupCommitWriter.BatchStore<QueuedEvent> {

    private static final Logger log = LoggerFactory.getLogger(QueueInserts.class);
    private static final String INSERT = """
            insert into queue_batches (event_count, events, available_at, queued_at) values (?, ?, ?, ?)""";
    static final long ROW_PAYLOAD_BYTES = 8L << 20;
    private static final long RELEASE_AFTER_IDLE_NANOS = Duration.ofSeconds(1).toNanos();

    private final DataSource dataSource;
    private final long statementTimeoutMillis;
    private final Runnable afterCommit;
    private Connection connection;
    private PreparedStatement insert;
    private long lastBatchAt;

    QueueInserts(DataSource dataSource, Duration statementTimeout, Runnable afterCommit) {
        this.dataSource = dataSource;
        this.statementTimeoutMillis = statementTimeout.toMillis();
        this.afterCommit = afterCommit;
    }

    @Override
    public void store(List<QueuedEvent> batch) {
        try {
            PreparedStatement statement = insertStatement();
            int end = endOfRow(batch, 0);
            if (end == batch.size()) {
                bind(statement, batch); // one row, the usual case
                statement.executeUpdate();
            } else {
                for (int from = 0; from < batch.size(); from = end) {
                    end = endOfRow(batch, from);
                    bind(statement, batch.subList(from, end));
                    statement.addBatch();
                }
                statement.executeBatch();
            }
            connection.commit();
            lastBatchAt = System.nanoTime();
        } catch (SQLException | RuntimeException failed) {
            // A timed-out statement or a lost connection alike: the next batch starts on a fresh connection
            release();
            throw new QueueUnavailableException("storing " + batch.size() + " queued events failed", failed);
        }
        afterCommit.run();
    }

    /**
     * Where the row that starts at {@code from} ends: a group commit of large events is stored as several rows of at
     * most {@link #ROW_PAYLOAD_BYTES} (an event larger alone has a row of its own), so that the writer never frames
     * hundreds of megabytes in one array, nor nears PostgreSQL's 1 GB bound on a value.
     */
    private static int endOfRow(List<QueuedEvent> batch, int from) {
        long bytes = batch.get(from).payload().length;
        int to = from + 1;
        while (to < batch.size() && bytes + batch.get(to).payload().length <= ROW_PAYLOAD_BYTES) {
            bytes += batch.get(to).payload().length;
            to++;
        }
        return to;
    }

    private static void bind(PreparedStatement statement, List<QueuedEvent> events) throws SQLException {
        statement.setInt(1, events.size());
        statement.setBytes(2, QueueBatchCodec.encode(events));
        // As old as its oldest event, for readiness's queue age, and ready at once
        Instant oldest = events.getFirst().receivedAt();
        for (QueuedEvent event : events) {
            oldest = event.receivedAt().isBefore(oldest) ? event.receivedAt() : oldest;
        }
        Timestamp queued = Timestamp.from(oldest);
        statement.setTimestamp(3, queued);
        statement.setTimestamp(4, queued);
    }

    private PreparedStatement insertStatement() throws SQLException {
        if (connection == null) {
            Connection taken = dataSource.getConnection();
            try (Statement set = taken.createStatement()) {
                // In autocommit, so that it holds for the session, not only for a transaction that may roll back
                set.execute("set statement_timeout = " + statementTimeoutMillis);
                taken.setAutoCommit(false);
                insert = taken.prepareStatement(INSERT);
            } catch (SQLException | RuntimeException failed) {
                connection = taken;
                release();
                throw failed;
            }
            connection = taken;
        }
        return insert;
    }

    @Override
    public void idle() {
        if (connection != null && System.nanoTime() - lastBatchAt > RELEASE_AFTER_IDLE_NANOS) {
            release();
        }
    }

    @Override
    public void close() {
        release();
    }

    /** Back to the pool, without this writer's statement timeout; a connection that cannot say so is broken. */
    private void release() {
        Connection held = connection;
        connection = null;
        insert = null;
        if (held == null) {
            return;
        }
        try (held) {
            held.rollback();
            held.setAutoCommit(true);
            try (Statement reset = held.createStatement()) {
                reset.execute("reset statement_timeout");
            }
        } catch (SQLException | RuntimeException failed) {
            // The pool drops a connection that failed for a connection error (SQL state 08...), which is the one
            // way a rollback and a reset can fail here
            log.debug("Could not hand the queue writer's connection back cleanly: {}", failed.toString());
        }
    }
}
