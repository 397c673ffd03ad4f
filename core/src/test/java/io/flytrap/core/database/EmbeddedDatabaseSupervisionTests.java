package io.flytrap.core.database;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue #20, item 3: after kill -9 of the embedded postmaster nothing restarted it and Flytrap stayed down. The
 * supervisor must start it again on the same port, so that the app's own pool (not a new one) serves queries again
 * with the data committed before; while it is gone, asking for a connection must fail within the pool's short
 * timeout (what the health check reports as DOWN), NOT hang for Hikari's default 30 s.
 */
class EmbeddedDatabaseSupervisionTests {

    final EmbeddedDatabaseConfiguration configuration = new EmbeddedDatabaseConfiguration();

    @Test
    void shouldRestartAKilledPostmasterOnTheSamePortSoThePoolRecoversWithTheData(@TempDir Path dataDir) throws Exception {
        try (EmbeddedDatabase database = configuration.embeddedDatabase(new EmbeddedDatabaseProperties(dataDir));
             EmbeddedDatabaseSupervisor supervisor = configuration.embeddedDatabaseSupervisor(database);
             HikariDataSource dataSource = configuration.dataSource(database, new EmbeddedDatabaseProperties(dataDir))) {
            int port = database.port();
            try (Connection connection = dataSource.getConnection()) {
                connection.createStatement().execute("create table kept (note text); insert into kept values ('committed')");
            }
            ProcessHandle postmaster = PostmasterPidFile.in(dataDir.resolve("postgres")).flatMap(PostmasterPidFile::liveProcess)
                    .orElseThrow();

            postmaster.destroyForcibly(); // kill -9
            postmaster.onExit().get(10, TimeUnit.SECONDS);

            // the supervisor is not running yet: this is the outage as the health check sees it
            long asked = System.nanoTime();
            assertThatThrownBy(() -> query(dataSource)).as("no connection while the database is gone")
                    .isInstanceOf(SQLException.class);
            assertThat((System.nanoTime() - asked) / 1_000_000).as("answered within the pool's timeout, not after 30 s")
                    .isLessThan(10_000);

            supervisor.start();
            String note = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(SQLException.class) // still down
                    .until(() -> query(dataSource), Objects::nonNull);
            assertThat(note).as("the same pool serves the committed data again").isEqualTo("committed");
            assertThat(database.port()).isEqualTo(port);
            assertThat(PostmasterPidFile.in(dataDir.resolve("postgres")).orElseThrow().port()).as("restarted on the same port")
                    .isEqualTo(port);
        }
    }

    private static String query(HikariDataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             ResultSet rows = connection.createStatement().executeQuery("select note from kept")) {
            rows.next();
            return rows.getString(1);
        }
    }
}
