package io.flytrap.functions;

import io.flytrap.testsupport.TestDatabase;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A new, empty database on the shared test PostgreSQL, for tests about the schema itself: the shared database is
 * migrated by whichever test ran first, so "no schema yet" needs a database of its own.
 */
public record EmptyDatabase(String name, String url, String username, String password) {

    public static EmptyDatabase create(String purpose) {
        TestDatabase.Connection server = TestDatabase.connection();
        String name = purpose + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(server.url(), server.username(), server.password())) {
            connection.createStatement().execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        String url = server.url().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
        return new EmptyDatabase(name, url, server.username(), server.password());
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, username, password);
    }

    /** Whether a table exists in the public schema. */
    public boolean hasTable(String table) throws SQLException {
        try (Connection connection = connect(); var statement = connection.prepareStatement(
                "select count(*) from information_schema.tables where table_schema = 'public' and table_name = ?")) {
            statement.setString(1, table);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        }
    }

    public long count(String sql) throws SQLException {
        try (Connection connection = connect(); var rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
