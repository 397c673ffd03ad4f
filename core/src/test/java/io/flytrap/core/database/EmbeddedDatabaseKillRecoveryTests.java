package io.flytrap.core.database;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #20, item 1: Flytrap killed with kill -9 leaves its embedded PostgreSQL running (pg_ctl daemonised it).
 * The next start must take over the data directory at once, with its data: it must NOT fail on the postmaster.pid
 * the orphan holds (before the fix it did, after waiting 10 s), and must NOT leave two servers on the same data.
 * The run that dies is a real JVM killed with SIGKILL, so no shutdown hook of it runs.
 */
class EmbeddedDatabaseKillRecoveryTests {

    @Test
    void shouldStartOnceOnADataDirectoryWhosePostmasterOutlivedAJvmKilledWithKill9(@TempDir Path dataDir) throws Exception {
        Path postgresDir = dataDir.resolve("postgres");
        Process killed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OrphanedPostmasterChild.class.getName(), dataDir.toString())
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("child.log").toFile()).start();
        ProcessHandle orphan;
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                assertThat(killed.isAlive()).as("the first run starts").isTrue(); // fails at once, not after a minute
                return Files.exists(dataDir.resolve("child-ready"));
            });
            assertThat(dataDir.resolve("child-ready")).exists();
            orphan = PostmasterPidFile.in(postgresDir).flatMap(PostmasterPidFile::liveProcess).orElseThrow();
        } finally {
            killed.destroyForcibly(); // SIGKILL: the JVM dies without running its shutdown hooks
            killed.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(orphan.isAlive()).as("the situation of the issue: the postmaster outlived its JVM").isTrue();

        EmbeddedDatabaseConfiguration configuration = new EmbeddedDatabaseConfiguration();
        try (EmbeddedDatabase database = configuration.embeddedDatabase(new EmbeddedDatabaseProperties(dataDir));
             HikariDataSource dataSource = configuration.dataSource(database, new EmbeddedDatabaseProperties(dataDir));
             Connection connection = dataSource.getConnection();
             ResultSet rows = connection.createStatement().executeQuery("select note from kept")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).as("the data of the killed run").isEqualTo("before the kill");
            assertThat(orphan.isAlive()).as("never two servers on the same data: the orphan was stopped").isFalse();
            assertThat(PostmasterPidFile.in(postgresDir).orElseThrow().pid()).isNotEqualTo(orphan.pid());
        } finally {
            orphan.destroyForcibly();
        }
    }

    @Test
    void shouldTakeForThisDirectorysPostmasterOnlyAPostgresRunWithThisDataDirectory(@TempDir Path dataDir) {
        assertThat(OrphanPostmaster.servesDirectory(List.of("-D", dataDir.toString(), "-p", "5432"), dataDir)).isTrue();
        assertThat(OrphanPostmaster.servesDirectory(List.of("-D", dataDir.resolve("other").toString()), dataDir)).isFalse();
        assertThat(OrphanPostmaster.servesDirectory(List.of("-p", "5432"), dataDir)).isFalse();
    }

    @Test
    void shouldRemoveAPidFileWhosePidNowBelongsToAnotherProgramAndKeepThatProgramRunning(@TempDir Path dataDir)
            throws Exception {
        // a pid file left by a postmaster killed with its machine, its pid since reused by an unrelated process
        Process unrelated = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(dataDir.resolve(PostmasterPidFile.NAME), unrelated.pid() + "\n" + dataDir + "\n0\n5432\n");
            OrphanPostmaster.stopIfServing(dataDir);
            assertThat(dataDir.resolve(PostmasterPidFile.NAME)).as("stale: PostgreSQL would refuse to start").doesNotExist();
            assertThat(unrelated.isAlive()).as("not a postmaster: never signalled").isTrue();
        } finally {
            unrelated.destroyForcibly();
        }
    }

    @Test
    void shouldLeaveAPidFileWhoseProcessIsGoneToPostgreSql(@TempDir Path dataDir) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(dataDir.resolve(PostmasterPidFile.NAME), gone.pid() + "\n" + dataDir + "\n0\n5432\n");
        OrphanPostmaster.stopIfServing(dataDir);
        assertThat(PostmasterPidFile.in(dataDir).map(PostmasterPidFile::pid)).isEqualTo(Optional.of(gone.pid()));
    }
}
