package io.flytrap.functions.schema;

import io.flytrap.functions.CoreMigrations;
import io.flytrap.functions.EmptyDatabase;
import io.flytrap.functions.FunctionsApplication;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The functions image's one-shot mode as the Helm hook Job runs it: FunctionsApplication's main in a JVM of its own
 * (the image's entry point) with FLYTRAP_MIGRATE_ONLY=true, judged by its exit status and its log.
 */
class MigrateOnlyTests {

    @Test
    void shouldMigrateAndExitZeroWithoutServingOrProcessing() throws Exception {
        EmptyDatabase database = EmptyDatabase.create("migrate_only");

        Run first = run(database, database.url());
        assertThat(first.exitCode()).as(first.log()).isZero();
        assertThat(first.log()).contains("Schema migration done: database at version " + CoreMigrations.newest() + ", "
                + CoreMigrations.versions().size() + " migration(s) applied");
        assertThat(first.log()).as("no web server, no queue workers in a migration Job")
                .doesNotContain("Tomcat", "queue worker", "Started FunctionsApplication");
        assertThat(database.hasTable("events")).isTrue();
        assertThat(database.count("select count(*) from events")).isZero();

        Run second = run(database, database.url());
        assertThat(second.exitCode()).as(second.log()).isZero();
        assertThat(second.log()).contains("0 migration(s) applied");
        System.out.printf("migrate-only JVM, empty database: %d ms; current database: %d ms%n", first.millis(), second.millis());
    }

    @Test
    void shouldExitNonZeroAndSayWhyWhenTheDatabaseRefuses() throws Exception {
        EmptyDatabase database = EmptyDatabase.create("migrate_only");

        Run refused = run(database, database.url().replace("/" + database.name(), "/no_such_database"));

        assertThat(refused.exitCode()).as(refused.log()).isEqualTo(1);
        assertThat(refused.log()).contains("Schema migration FAILED, exiting with status 1", "no_such_database");
    }

    record Run(int exitCode, String log, long millis) {
    }

    private static Run run(EmptyDatabase database, String url) throws Exception {
        Path log = Files.createTempFile("migrate-only", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FunctionsApplication.class.getName())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("FLYTRAP_MIGRATE_ONLY", "true");
        env.put("FLYTRAP_DB_URL", url);
        env.put("FLYTRAP_DB_USER", database.username());
        env.put("FLYTRAP_DB_PASSWORD", database.password());
        long started = System.nanoTime();
        Process process = builder.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the migration JVM exits by itself").isTrue();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        String output = Files.readString(log);
        Files.delete(log);
        return new Run(process.exitValue(), output, millis);
    }
}
