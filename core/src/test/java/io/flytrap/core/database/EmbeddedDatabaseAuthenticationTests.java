package io.flytrap.core.database;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Flytrap's own PostgreSQL (the laptop mode) lets nobody in without its password: not another local user or
 * process connecting to its port as the superuser with no password, nor with a wrong one. The password is
 * generated on first start and kept next to the data, readable by its owner only; a data directory from before,
 * which trusted every local connection, is switched over on start, its data kept.
 */
class EmbeddedDatabaseAuthenticationTests {

    final EmbeddedDatabaseConfiguration configuration = new EmbeddedDatabaseConfiguration();

    /** What another local user would try: the superuser, on the port, with the given password or none. */
    private static Connection connectAsSuperuser(int port, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", properties);
    }

    private static void assertNobodyGetsInWithoutThePassword(int port) {
        assertThatThrownBy(() -> connectAsSuperuser(port, null).close()).as("no password")
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> connectAsSuperuser(port, "").close()).as("an empty password")
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> connectAsSuperuser(port, "postgres").close()).as("a guessed password")
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
    }

    private static void assertFlytrapConnects(HikariDataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.isValid(2)).isTrue();
        }
    }

    @Test
    void shouldRefuseConnectionsWithoutTheGeneratedPasswordAndKeepItForTheOwnerOnly(@TempDir Path dataDir) throws Exception {
        try (EmbeddedDatabase postgres = configuration.embeddedDatabase(new EmbeddedDatabaseProperties(dataDir));
             HikariDataSource dataSource = configuration.dataSource(postgres, new EmbeddedDatabaseProperties(dataDir))) {
            assertFlytrapConnects(dataSource);
            assertNobodyGetsInWithoutThePassword(postgres.port());

            Path secret = dataDir.resolve(EmbeddedDatabaseConfiguration.PASSWORD_FILE);
            assertThat(Files.getPosixFilePermissions(secret)).as("readable and writable by its owner only")
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            String password = Files.readString(secret).strip();
            assertThat(password).hasSizeGreaterThanOrEqualTo(32);
            try (Connection withPassword = connectAsSuperuser(postgres.port(), password)) {
                assertThat(withPassword.isValid(2)).isTrue();
            }
            assertThat(Files.readAllLines(dataDir.resolve("postgres/pg_hba.conf")))
                    .as("no connection is trusted without a password")
                    .noneMatch(line -> !line.strip().startsWith("#") && line.contains("trust"));
        }

        // a restart keeps the password: Flytrap connects again, and still nobody else does
        String before = Files.readString(dataDir.resolve(EmbeddedDatabaseConfiguration.PASSWORD_FILE));
        try (EmbeddedDatabase postgres = configuration.embeddedDatabase(new EmbeddedDatabaseProperties(dataDir));
             HikariDataSource dataSource = configuration.dataSource(postgres, new EmbeddedDatabaseProperties(dataDir))) {
            assertFlytrapConnects(dataSource);
            assertNobodyGetsInWithoutThePassword(postgres.port());
        }
        assertThat(Files.readString(dataDir.resolve(EmbeddedDatabaseConfiguration.PASSWORD_FILE))).isEqualTo(before);
    }

    @Test
    void shouldSwitchADataDirectoryThatTrustedEveryLocalConnectionToThePasswordKeepingItsData(@TempDir Path dataDir)
            throws Exception {
        // a data directory as Flytrap created it before: initdb trusting every local connection, no password
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("postgres"))
                .setCleanDataDirectory(false).start();
             Connection connection = old.getPostgresDatabase().getConnection()) {
            connection.createStatement().execute("create table kept (note text); insert into kept values ('from before')");
        }

        try (EmbeddedDatabase postgres = configuration.embeddedDatabase(new EmbeddedDatabaseProperties(dataDir));
             HikariDataSource dataSource = configuration.dataSource(postgres, new EmbeddedDatabaseProperties(dataDir))) {
            assertNobodyGetsInWithoutThePassword(postgres.port());
            try (Connection connection = dataSource.getConnection();
                 var rows = connection.createStatement().executeQuery("select note from kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("from before");
            }
            assertThat(Files.getPosixFilePermissions(dataDir.resolve(EmbeddedDatabaseConfiguration.PASSWORD_FILE)))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            assertThat(Files.readAllLines(dataDir.resolve("postgres/pg_hba.conf")))
                    .noneMatch(line -> !line.strip().startsWith("#") && line.contains("trust"));
        }

        // and it stays switched over after a restart
        try (EmbeddedDatabase postgres = configuration.embeddedDatabase(new EmbeddedDatabaseProperties(dataDir));
             HikariDataSource dataSource = configuration.dataSource(postgres, new EmbeddedDatabaseProperties(dataDir))) {
            assertFlytrapConnects(dataSource);
            assertNobodyGetsInWithoutThePassword(postgres.port());
        }
    }

    @Test
    void shouldTightenASecretFileOthersCouldRead(@TempDir Path dataDir) throws Exception {
        try (EmbeddedDatabase ignored = configuration.embeddedDatabase(new EmbeddedDatabaseProperties(dataDir))) {
            // first start: the file is created
        }
        Path secret = dataDir.resolve(EmbeddedDatabaseConfiguration.PASSWORD_FILE);
        Files.setPosixFilePermissions(secret, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ));

        try (EmbeddedDatabase postgres = configuration.embeddedDatabase(new EmbeddedDatabaseProperties(dataDir));
             HikariDataSource dataSource = configuration.dataSource(postgres, new EmbeddedDatabaseProperties(dataDir))) {
            assertFlytrapConnects(dataSource);
        }
        assertThat(Files.getPosixFilePermissions(secret))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void shouldRefuseToStartWhenThePasswordOfASecuredDatabaseIsGone(@TempDir Path dataDir) throws Exception {
        try (EmbeddedDatabase ignored = configuration.embeddedDatabase(new EmbeddedDatabaseProperties(dataDir))) {
            // first start: secured with a new password
        }
        Files.delete(dataDir.resolve(EmbeddedDatabaseConfiguration.PASSWORD_FILE));

        assertThatThrownBy(() -> configuration.embeddedDatabase(new EmbeddedDatabaseProperties(dataDir))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("restore that file");
        assertThat(dataDir.resolve(EmbeddedDatabaseConfiguration.PASSWORD_FILE))
                .as("no new password that would not match the database's").doesNotExist();
    }
}
