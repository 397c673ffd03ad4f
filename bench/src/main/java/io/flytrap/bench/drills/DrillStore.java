package io.flytrap.bench.drills;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads what a drill's Flytrap really stored, straight from its embedded PostgreSQL (the superuser password is in
 * the data folder, as the app keeps it): the event ids stored, the events stored more than once (two rows with one
 * sequence number), and the events still waiting in the queue.
 */
final class DrillStore {

    record Counts(Set<String> storedEventIds, int duplicated, int queued, int dead) {
    }

    private DrillStore() {
    }

    static Counts count(Path dataDir, long projectId) throws IOException, SQLException {
        Postmaster postmaster = Postmaster.of(dataDir).orElseThrow(() -> new IllegalStateException("no database running"));
        String password = Files.readString(dataDir.resolve("postgres-password")).strip();
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + postmaster.port() + "/postgres", "postgres", password)) {
            Set<String> stored = new HashSet<>();
            try (ResultSet rows = query(connection, "select event_id::text from events where project_id = ?", projectId)) {
                while (rows.next()) {
                    stored.add(rows.getString(1));
                }
            }
            int duplicated = single(connection, """
                    select count(*) from (select substring(payload::text from 'seq-([0-9]+)-end') from events
                    where project_id = ? group by 1 having count(*) > 1) twice""", projectId);
            int queued = single(connection, "select count(*) from queued_events where project_id = ? and state = 'pending'", projectId);
            int dead = single(connection, "select count(*) from event_queue where project_id = ? and state = 'dead'", projectId);
            return new Counts(stored, duplicated, queued, dead);
        }
    }

    private static ResultSet query(Connection connection, String sql, long projectId) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setLong(1, projectId);
        statement.closeOnCompletion();
        return statement.executeQuery();
    }

    private static int single(Connection connection, String sql, long projectId) throws SQLException {
        try (ResultSet rows = query(connection, sql, projectId)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
