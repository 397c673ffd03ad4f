package io.flytrap.core.database;

import com.zaxxer.hikari.HikariDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

/**
 * A Flytrap run for {@link EmbeddedDatabaseKillRecoveryTests} to kill with kill -9: starts the embedded PostgreSQL on the
 * data directory it is given, as the app does, stores a row, says so in a file, then waits to be killed.
 */
public final class OrphanedPostmasterChild {

    private OrphanedPostmasterChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        EmbeddedDatabaseConfiguration configuration = new EmbeddedDatabaseConfiguration();
        EmbeddedDatabase database = configuration.embeddedDatabase(new EmbeddedDatabaseProperties(dataDir));
        HikariDataSource dataSource = configuration.dataSource(database, new EmbeddedDatabaseProperties(dataDir));
        try (Connection connection = dataSource.getConnection()) {
            connection.createStatement().execute("create table kept (note text); insert into kept values ('before the kill')");
        }
        Files.writeString(dataDir.resolve("child-ready"), Integer.toString(database.port()));
        Thread.sleep(Long.MAX_VALUE); // kept: being killed while running is this process's whole purpose
    }
}
