package io.flytrap.bench.engine;

import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.queue.PostgresEventQueue;
import io.flytrap.core.users.UserService;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where the drain's time goes (issue #24 item 2): the event engine's drain of {@code -Devents} (100,000) queued events,
 * with PostgreSQL's own accounts beside it. Prints the CPU per drained event of the JVM (by thread kind) and of
 * PostgreSQL (postmaster and backends, from /proc), the statements by total time ({@code pg_stat_statements}, loaded
 * by restarting the embedded server once) and what the workers' backends were doing, sampled every 5 ms from
 * {@code pg_stat_activity} (on CPU, waiting for a lock, for I/O). Not a speed figure: the sampling costs some CPU.
 * Add JDK Flight Recorder for the JVM's side ({@code -XX:StartFlightRecording=...}).
 */
public final class DrainProfile {

    private static final double MICROS_PER_TICK = 10_000; // USER_HZ 100 on Linux

    private DrainProfile() {
    }

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("events", DrainBenchmark.EVENTS);
        Path dataDir = Files.createTempDirectory("flytrap-drain-profile");
        start(dataDir).close(); // creates the cluster; then the statistics module is loaded at its next start
        Files.writeString(dataDir.resolve("postgres/postgresql.conf"),
                "\nshared_preload_libraries = 'pg_stat_statements'\npg_stat_statements.track = all\n", StandardOpenOption.APPEND);
        try (DrainEngine engine = new DrainEngine(start(dataDir))) {
            JdbcClient jdbc = engine.bean(JdbcClient.class);
            jdbc.sql("create extension if not exists pg_stat_statements").update();
            long projectId = BenchProject.create(engine.bean(UserService.class), engine.bean(ProjectService.class)).project().id();
            List<byte[]> payloads = SampleEvents.nativeEvents(projectId, events);
            DrainBenchmark.fillQueue(engine.bean(PostgresEventQueue.class), projectId, payloads);
            jdbc.sql("checkpoint").update();
            jdbc.sql("select pg_stat_statements_reset()").query().listOfRows();
            long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).getFirst().trim());

            Map<String, Integer> activity = new ConcurrentHashMap<>();
            AtomicBoolean draining = new AtomicBoolean(true);
            Thread sampler = Thread.ofPlatform().start(() -> sample(engine.bean(DataSource.class), activity, draining));
            Map<String, Long> threadsBefore = jvmThreadTicks();
            long jvmBefore = processTicks();
            long pgBefore = postgresTicks(postmaster);
            long start = System.nanoTime();
            int drained = engine.drainAll();
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Long> threadsAfter = jvmThreadTicks();
            long jvm = processTicks() - jvmBefore; // with the workers' threads, which have ended by now
            long pgAfter = postgresTicks(postmaster);
            draining.set(false);
            sampler.join();

            System.out.printf(Locale.ROOT, "drained %d events in %.1f s: %.0f events/s%n", drained, seconds, drained / seconds);
            System.out.printf(Locale.ROOT, "CPU per drained event: JVM %.1f µs (of which the threads still alive, "
                    + "below; the workers' share is the rest), PostgreSQL %.1f µs%n", jvm * MICROS_PER_TICK / drained, (pgAfter - pgBefore) * MICROS_PER_TICK / drained);
            threadsAfter.forEach((thread, ticks) -> {
                long used = ticks - threadsBefore.getOrDefault(thread, 0L);
                if (used > 0) {
                    System.out.printf(Locale.ROOT, "  JVM thread %-20s %6.1f µs per event%n", thread, used * MICROS_PER_TICK / drained);
                }
            });
            System.out.println("\nstatements by total time (pg_stat_statements; includes lock waits):");
            jdbc.sql("""
                            select calls, round(total_exec_time) as ms, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 100) as q
                            from pg_stat_statements order by total_exec_time desc limit 25""")
                    .query().listOfRows().forEach(r -> System.out.printf(Locale.ROOT, "%8s calls %8s ms %8s rows  %s%n",
                            r.get("calls"), r.get("ms"), r.get("rows"), r.get("q")));
            System.out.println("\nthe workers' backends, sampled every 5 ms (wait event | statement):");
            activity.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(25)
                    .forEach(e -> System.out.printf(Locale.ROOT, "%7d  %s%n", e.getValue(), e.getKey()));
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        return new SpringApplicationBuilder(EngineBenchApplication.class).web(WebApplicationType.NONE)
                .run("--flytrap.worker.enabled=false", "--spring.flyway.enabled=true", "--flytrap.retention.enabled=false",
                        "--logging.level.root=WARN", "--flytrap.data-dir=" + dataDir);
    }

    private static void sample(DataSource dataSource, Map<String, Integer> activity, AtomicBoolean draining) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement("""
                select coalesce(wait_event_type, 'CPU') || '/' || coalesce(wait_event, '-') || ' | '
                       || left(regexp_replace(query, '\\s+', ' ', 'g'), 70)
                from pg_stat_activity
                where state = 'active' and pid <> pg_backend_pid() and backend_type = 'client backend'""")) {
            while (draining.get()) {
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        activity.merge(rows.getString(1), 1, Integer::sum);
                    }
                }
                Thread.sleep(5);
            }
        } catch (Exception e) {
            throw new IllegalStateException("sampling pg_stat_activity failed", e);
        }
    }

    /** CPU ticks (user + system) of this JVM's live threads, summed by name without its number. */
    private static Map<String, Long> jvmThreadTicks() throws IOException {
        Map<String, Long> ticks = new TreeMap<>();
        try (var threads = Files.list(Path.of("/proc/self/task"))) {
            for (Path thread : threads.toList()) {
                String stat = readQuietly(thread.resolve("stat"));
                if (stat != null) {
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+$", "#");
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                }
            }
        }
        return ticks;
    }

    /** This JVM's CPU ticks (user + system), threads that ended included. */
    private static long processTicks() {
        String[] fields = readQuietly(Path.of("/proc/self/stat")).replaceAll("^.*\\) ", "").split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The postmaster's CPU ticks, with those of the children it reaped and of its live children. */
    private static long postgresTicks(long postmaster) throws IOException {
        String[] own = readQuietly(Path.of("/proc/" + postmaster + "/stat")).replaceAll("^.*\\) ", "").split(" ");
        long total = Long.parseLong(own[11]) + Long.parseLong(own[12]) + Long.parseLong(own[13]) + Long.parseLong(own[14]);
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                String stat = readQuietly(process.resolve("stat"));
                if (stat != null) {
                    String[] fields = stat.replaceAll("^.*\\) ", "").split(" ");
                    if (Long.parseLong(fields[1]) == postmaster) {
                        total += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                }
            }
        }
        return total;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException gone) {
            return null; // a thread or process that ended meanwhile
        }
    }
}
