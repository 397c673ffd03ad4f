package io.flytrap.core.database;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * The laptop mode: with no database URL configured, Flytrap starts its own PostgreSQL (real PostgreSQL binaries,
 * not an imitation) with its data under the Flytrap data directory, so issues survive a restart. It listens on
 * loopback only and lets in only connections that know its superuser password ({@link EmbeddedDatabasePassword},
 * kept beside the data), so other users and processes of the machine cannot read or change Flytrap's data.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EmbeddedDatabaseProperties.class)
@Conditional(NoDatabaseUrlCondition.class)
@ConditionalOnClass(name = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres")
class EmbeddedDatabaseConfiguration {

    /** In the Flytrap data directory, beside the postgres folder (initdb wants that folder empty). */
    static final String PASSWORD_FILE = "postgres-password";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);
    private static final String SUPERUSER = "postgres";
    static final int MAX_CONNECTIONS = 20;

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(EmbeddedDatabaseProperties properties) throws IOException {
        Path dataDir = properties.dataDir();
        Path postgresDir = dataDir.resolve("postgres").toAbsolutePath();
        Path passwordFile = dataDir.resolve(PASSWORD_FILE).toAbsolutePath();
        Path hbaFile = postgresDir.resolve("pg_hba.conf");
        Files.createDirectories(postgresDir);
        boolean existing = Files.exists(postgresDir.resolve("postgresql.conf"));
        boolean trusting = existing && !ClientAuthentication.isPasswordOnly(hbaFile);
        if (existing && !trusting && !Files.exists(passwordFile)) {
            throw new IllegalStateException("The embedded PostgreSQL in " + postgresDir + " needs its password, kept in "
                    + passwordFile + ", which is missing: restore that file");
        }
        String password = EmbeddedDatabasePassword.readOrCreate(passwordFile);
        log.info("No database URL configured (FLYTRAP_DB_URL): starting embedded PostgreSQL with data in {}", postgresDir);
        EmbeddedDatabase database = EmbeddedDatabase.start(postgresDir, port -> EmbeddedPostgres.builder()
                .setDataDirectory(postgresDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                // EmbeddedDatabase stops the server at exit, whichever server of the run is the current one
                .setRegisterShutdownHook(false)
                // The library starts PostgreSQL with -F (fsync off) and synchronous commits off, for fast tests.
                // Here a 200 to a client must mean the event is on disk, so both are turned back on: commits wait
                // for the WAL flush, and the flush really reaches the disk, as on any production server.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                // Sized for one user's laptop (docs/performance.md, Local stack), not the library's 300 connections
                // and PostgreSQL's 128 MB of buffers: every buffer a drain touches stays mapped in each backend and
                // counts to the stack's memory. The pool below holds at most 10; the rest is for the issue feed's
                // LISTEN connection, the supervisor and a psql session.
                .setServerConfig("max_connections", Integer.toString(MAX_CONNECTIONS))
                .setServerConfig("shared_buffers", "16MB")
                // queries here are small: a parallel worker is a process (memory, a fork) that saves nothing
                .setServerConfig("max_parallel_workers_per_gather", "0")
                .setServerConfig("max_worker_processes", "2")
                // initdb options (the library passes these "locale" settings to initdb only, after its own
                // "-A trust", which they override): a new cluster requires the password from its first start
                .setLocaleConfig("auth", ClientAuthentication.METHOD)
                .setLocaleConfig("pwfile", passwordFile.toString())
                // the library's own readiness check connects too, with this
                .setConnectConfig("password", password)
                .start());
        try {
            if (trusting) {
                requirePassword(database.server(), hbaFile, password);
            }
            refuseWithoutPassword(database.port());
        } catch (IOException | SQLException | RuntimeException e) {
            database.close();
            throw new IllegalStateException("The embedded PostgreSQL in " + postgresDir + " could not be secured: "
                    + e.getMessage(), e);
        }
        return database;
    }

    /** Restarts the embedded PostgreSQL when its postmaster dies; checked twice a second, retried up to every 5 s. */
    @Bean(initMethod = "start", destroyMethod = "close")
    EmbeddedDatabaseSupervisor embeddedDatabaseSupervisor(EmbeddedDatabase database) {
        return new EmbeddedDatabaseSupervisor(database, Duration.ofMillis(500), Duration.ofMillis(250), Duration.ofSeconds(5));
    }

    /**
     * A data directory from before the password: it trusts every local connection, so the password is set over
     * such a connection, then pg_hba.conf asks for it and the server rereads its configuration. A start cut off
     * half-way does it again with the same password file.
     */
    private static void requirePassword(EmbeddedPostgres postgres, Path hbaFile, String password)
            throws IOException, SQLException {
        log.info("The embedded PostgreSQL trusted every local connection: setting its password and requiring it");
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            // the driver computes the SCRAM verifier: the password itself never reaches the server or its logs
            connection.unwrap(PGConnection.class).alterUserPassword(SUPERUSER, password.toCharArray(), ClientAuthentication.METHOD);
            ClientAuthentication.requirePassword(hbaFile);
            connection.createStatement().execute("select pg_reload_conf()");
        }
    }

    /**
     * Checked on every start: a connection without the password is refused. The reload above takes effect a
     * moment later, so this waits for it, briefly.
     */
    private static void refuseWithoutPassword(int port) throws SQLException {
        Properties noPassword = new Properties();
        noPassword.setProperty("user", SUPERUSER);
        for (int attempt = 0; attempt < 50; attempt++) {
            try (Connection ignored = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", noPassword)) {
                sleep();
            } catch (SQLException refused) {
                return;
            }
        }
        throw new SQLException("it still lets in connections without the password");
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while securing the embedded PostgreSQL", e);
        }
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(EmbeddedDatabase database, EmbeddedDatabaseProperties properties) throws IOException {
        Path dataDir = properties.dataDir();
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setPoolName("flytrap-embedded");
        // the same port after a restart by the supervisor: the pool reconnects without being rebuilt
        dataSource.setJdbcUrl("jdbc:postgresql://localhost:" + database.port() + "/postgres");
        dataSource.setUsername(SUPERUSER);
        dataSource.setPassword(EmbeddedDatabasePassword.read(dataDir.resolve(PASSWORD_FILE).toAbsolutePath()));
        dataSource.setMaximumPoolSize(10);
        // Idle, a laptop keeps two backends, not ten (each some MB of PostgreSQL memory); under load the pool grows
        // back to ten in a few milliseconds per connection on loopback, and shrinks after a minute without use.
        dataSource.setMinimumIdle(2);
        dataSource.setIdleTimeout(60_000);
        // The two connections kept idle are the ones a burst of events used, and their backends keep what the burst
        // made them allocate (about 15 MB each after 100,000 events, against 3 MB fresh) for as long as they live:
        // renewing connections every 5 minutes (Hikari's default is 30) gives that back soon after the burst.
        dataSource.setMaxLifetime(300_000);
        // While the database is down (issue #20), a request waiting 30 s (Hikari's default) for a connection hangs
        // its client and its thread, and the health check answers after the probe gave up. 2 s is ample on
        // loopback; the health check then answers DOWN within about 2 s.
        dataSource.setConnectionTimeout(2_000);
        dataSource.setValidationTimeout(1_000);
        dataSource.addDataSourceProperty("connectTimeout", "2");
        dataSource.addDataSourceProperty("reWriteBatchedInserts", "true");
        return dataSource;
    }
}
