package io.flytrap.functions.schema;

import io.flytrap.functions.CoreMigrations;
import io.flytrap.functions.EmptyDatabase;
import io.flytrap.functions.FunctionsApplication;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The functions container against the real PostgreSQL, started as in its image (FunctionsApplication, no
 * FLYTRAP_MIGRATE): on a schema older than its jar it must not listen, process or migrate until the schema is
 * current, and it must give up with a clear error rather than wait forever.
 */
@ExtendWith(OutputCaptureExtension.class)
class SchemaGateTests {

    @Test
    void shouldNeitherServeNorProcessUntilTheSchemaHasEveryMigrationThenStart(CapturedOutput output) throws Exception {
        EmptyDatabase database = EmptyDatabase.create("gate");
        flyway(database).target(CoreMigrations.secondNewest()).load().migrate();
        int port = freePort();

        CompletableFuture<ConfigurableApplicationContext> starting = CompletableFuture.supplyAsync(() ->
                SpringApplication.run(FunctionsApplication.class, arguments(database, port, "1m")));
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> output.getOut().contains("waiting for schema version "
                    + CoreMigrations.newest() + ", database has " + CoreMigrations.secondNewest()));
            // Kept: what is checked is that nothing happens (no start, no port, no worker) while the gate waits, so
            // some time must pass; the gate polls on the real clock in another application, nothing to poll for here
            Thread.sleep(1_000);
            assertThat(starting).as("still waiting for the schema").isNotDone();
            assertThat(listening(port)).as("no port open while the schema is old: readiness stays down").isFalse();
            assertThat(output.getOut()).as("no queue worker runs new code on the old schema").doesNotContain("queue worker(s)");
            assertThat(migrated(database)).as("the gate never migrates by itself").isEqualTo(CoreMigrations.secondNewest());

            new SchemaMigration(new org.springframework.jdbc.datasource.DriverManagerDataSource(database.url(),
                    database.username(), database.password()), "classpath:db/migration").migrate();

            try (ConfigurableApplicationContext context = starting.get(60, TimeUnit.SECONDS)) {
                HttpResponse<String> readiness = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(readiness.statusCode()).isEqualTo(200);
                assertThat(output.getOut()).contains("Started 1 queue worker(s)");
            }
        } finally {
            starting.thenAccept(ConfigurableApplicationContext::close);
        }
    }

    @Test
    void shouldGiveUpWithAClearErrorWhenTheSchemaNeverArrivesAndCreateNothing(CapturedOutput output) throws Exception {
        EmptyDatabase database = EmptyDatabase.create("gate");

        assertThatThrownBy(() -> SpringApplication.run(FunctionsApplication.class, arguments(database, freePort(), "2s")))
                .rootCause().isInstanceOf(SchemaGate.SchemaNotCurrentException.class)
                .hasMessageContaining("Gave up after PT2S waiting for the database schema this build needs (database has none)")
                .hasMessageContaining("FLYTRAP_MIGRATE_ONLY=true");
        assertThat(output.getOut()).contains("waiting for schema version " + CoreMigrations.newest() + ", database has none");
        assertThat(database.hasTable("flyway_schema_history")).as("waiting creates nothing in the database").isFalse();
        assertThat(output.getOut()).doesNotContain("queue worker(s)");
    }

    private static String[] arguments(EmptyDatabase database, int port, String timeout) {
        return new String[] {"--spring.datasource.url=" + database.url(), "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(), "--server.port=" + port,
                "--flytrap.worker.threads=1", "--flytrap.schema.wait.timeout=" + timeout,
                "--flytrap.schema.wait.poll-interval=200ms", "--spring.jmx.enabled=false"};
    }

    private static FluentConfiguration flyway(EmptyDatabase database) {
        return Flyway.configure().dataSource(database.url(), database.username(), database.password())
                .locations("classpath:db/migration");
    }

    private static String migrated(EmptyDatabase database) throws Exception {
        try (var connection = database.connect(); var rows = connection.createStatement().executeQuery(
                "select version from flyway_schema_history where success order by installed_rank desc limit 1")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (ConnectException refused) {
            return false;
        } catch (IOException other) {
            return false;
        }
    }
}
