package io.flytrap.bench.engine;

import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * COPY of rows into a table, timed, with what it cost PostgreSQL: the CPU of the whole server (postmaster, the
 * backends and the helpers it forked: WAL writer, checkpointer, background writer, which write what the COPY
 * dirtied) and of the copying backend alone, from /proc, and the WAL it wrote. The floor the drain stands on is
 * PostgreSQL's CPU per stored event: on two cores a drain cannot store faster than two cores divided by it.
 */
final class TableCopy {

    private static final double MICROS_PER_TICK = 10_000; // USER_HZ 100 on Linux

    /** One COPY's account; rows is what it stored. */
    record Cost(int rows, double seconds, long serverTicks, long backendTicks, long walBytes) {

        double eventsPerSecond() {
            return rows / seconds;
        }

        double serverMicrosPerEvent() {
            return serverTicks * MICROS_PER_TICK / rows;
        }

        double backendMicrosPerEvent() {
            return backendTicks * MICROS_PER_TICK / rows;
        }

        double walBytesPerEvent() {
            return (double) walBytes / rows;
        }

        Cost plus(Cost other) {
            return new Cost(rows + other.rows, seconds + other.seconds, serverTicks + other.serverTicks,
                    backendTicks + other.backendTicks, walBytes + other.walBytes);
        }

        String cells() {
            return String.format(Locale.ROOT, "%.0f | %.1f | %.1f | %.0f", eventsPerSecond(), serverMicrosPerEvent(),
                    backendMicrosPerEvent(), walBytesPerEvent());
        }
    }

    static final String CELLS_HEADER = "events/s | PostgreSQL CPU µs per event (whole server) | of it the copying backend | WAL bytes per event";

    private TableCopy() {
    }

    /** The rows of {@code select} as COPY's CSV text, to copy them again elsewhere. */
    static byte[] export(DataSource dataSource, String select) throws SQLException, IOException {
        try (Connection connection = dataSource.getConnection()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            connection.unwrap(PGConnection.class).getCopyAPI().copyOut("copy (" + select + ") to stdout (format csv)", out);
            return out.toByteArray();
        }
    }

    /** Copies the CSV rows into {@code table (columns)} in one statement on one connection (autocommit). */
    static Cost copy(DataSource dataSource, String table, String columns, byte[] csv, int rows) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            long backend = backendPid(connection);
            long postmaster = parentPid(backend);
            long walBefore = walInsertLsn(connection);
            long serverBefore = serverTicks(postmaster);
            long backendBefore = processTicks(backend);
            long start = System.nanoTime();
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("copy " + table + " (" + columns + ") from stdin (format csv)", new ByteArrayInputStream(csv));
            double seconds = (System.nanoTime() - start) / 1e9;
            long backendTicks = processTicks(backend) - backendBefore;
            long serverTicks = serverTicks(postmaster) - serverBefore;
            return new Cost(rows, seconds, serverTicks, backendTicks, walInsertLsn(connection) - walBefore);
        }
    }

    static long backendPid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long walInsertLsn(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long parentPid(long pid) throws IOException {
        return Long.parseLong(statFields(pid)[1]);
    }

    /** A process's own CPU ticks (user + system). */
    static long processTicks(long pid) throws IOException {
        String[] fields = statFields(pid);
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The postmaster's CPU ticks with those of the children it reaped and of its live children. */
    static long serverTicks(long postmaster) throws IOException {
        String[] own = statFields(postmaster);
        long total = Long.parseLong(own[11]) + Long.parseLong(own[12]) + Long.parseLong(own[13]) + Long.parseLong(own[14]);
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    String[] fields = statFields(Long.parseLong(process.getFileName().toString()));
                    if (Long.parseLong(fields[1]) == postmaster) {
                        total += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (IOException gone) {
                    // a process that ended meanwhile: its time is in the postmaster's reaped children's
                }
            }
        }
        return total;
    }

    /** /proc/pid/stat's fields after the command name: [0] is the state, [1] the parent, [11] utime, [12] stime. */
    private static String[] statFields(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }
}
