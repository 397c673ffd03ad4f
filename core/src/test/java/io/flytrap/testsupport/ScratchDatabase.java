package io.flytrap.testsupport;

import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.UUID;

/**
 * A database of its own on the shared test PostgreSQL, for a migration test that builds an installation at an older
 * schema version and then upgrades it; dropped when closed.
 */
public final class ScratchDatabase implements AutoCloseable {

    private final JdbcClient server;
    private final String name;
    private final PGSimpleDataSource dataSource;

    private ScratchDatabase(JdbcClient server, String name, PGSimpleDataSource dataSource) {
        this.server = server;
        this.name = name;
        this.dataSource = dataSource;
    }

    /** A new, empty database whose name starts with the prefix. */
    public static ScratchDatabase create(String prefix) {
        TestDatabase.Connection connection = TestDatabase.connection();
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "");
        JdbcClient server = JdbcClient.create(dataSource(connection.url()));
        server.sql("create database " + name).update();
        String url = connection.url().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
        return new ScratchDatabase(server, name, dataSource(url));
    }

    /** Runs Flyway's migrations up to and including that version. */
    public void migrateTo(String version) {
        Flyway.configure().dataSource(dataSource).target(version).load().migrate();
    }

    public JdbcClient jdbc() {
        return JdbcClient.create(dataSource);
    }

    @Override
    public void close() {
        server.sql("drop database if exists " + name + " with (force)").update();
    }

    private static PGSimpleDataSource dataSource(String url) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(url);
        source.setUser(TestDatabase.connection().username());
        source.setPassword(TestDatabase.connection().password());
        return source;
    }
}
