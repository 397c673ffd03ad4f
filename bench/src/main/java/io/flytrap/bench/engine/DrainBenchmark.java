package io.flytrap.bench.engine;

import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.queue.PostgresEventQueue;
import io.flytrap.core.queue.QueuedEvent;
import io.flytrap.core.users.UserService;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Drains queued events into grouped issues with the real queue worker and process function, beside the ceiling
 * for writing the same rows at all: a plain COPY of them into a bare table, in the same run and database. Then the
 * floor of storing them as Flytrap stores them: a COPY of the rows the drain stored into a table shaped exactly like
 * {@code events} (its columns, defaults, indexes and foreign keys), which no drain into that table can beat.
 */
public final class DrainBenchmark {

    static final int EVENTS = 100_000;

    private DrainBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (DrainEngine engine = DrainEngine.start()) {
            ConfigurableApplicationContext context = engine.context;
            warmUp(engine, Integer.getInteger("warmup", 0));
            CreatedProject project = BenchProject.create(context.getBean(UserService.class), context.getBean(ProjectService.class));
            long projectId = project.project().id();
            List<byte[]> payloads = SampleEvents.nativeEvents(projectId, EVENTS);
            double averageBytes = payloads.stream().mapToInt(p -> p.length).average().orElse(0);

            fillQueue(context.getBean(PostgresEventQueue.class), projectId, payloads);
            DataSource dataSource = context.getBean(DataSource.class);
            long postmaster = postmaster(dataSource);
            long jvmBefore = TableCopy.processTicks(ProcessHandle.current().pid());
            long serverBefore = TableCopy.serverTicks(postmaster);
            long start = System.nanoTime();
            int drained = engine.drainAll();
            double drainSeconds = (System.nanoTime() - start) / 1e9;
            long drainJvmTicks = TableCopy.processTicks(ProcessHandle.current().pid()) - jvmBefore;
            long drainServerTicks = TableCopy.serverTicks(postmaster) - serverBefore;
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            long stored = jdbc.sql("select count(*) from events where project_id = ?").param(projectId).query(Long.class).single();
            long issues = jdbc.sql("select count(*) from issues where project_id = ?").param(projectId).query(Long.class).single();

            serverBefore = TableCopy.serverTicks(postmaster);
            double copySeconds = copyBaseline(dataSource, jdbc, projectId, payloads);
            long copyServerTicks = TableCopy.serverTicks(postmaster) - serverBefore; // with its create and drop table

            byte[] storedRows = TableCopy.export(dataSource, "select " + EVENT_COLUMNS + " from events where project_id = "
                    + projectId + " order by id");
            TableCopy.Cost shaped = copyIntoEventsShaped(dataSource, jdbc, storedRows, (int) stored);

            double drainRate = drained / drainSeconds;
            double copyRate = EVENTS / copySeconds;
            System.out.printf(Locale.ROOT, "%n| step | events | seconds | events/s |%n|---|---|---|---|%n");
            System.out.printf(Locale.ROOT, "| drain: queue -> grouped issues (%d issues, %.0f-byte events) | %d | %.1f | %.0f |%n",
                    issues, averageBytes, drained, drainSeconds, drainRate);
            System.out.printf(Locale.ROOT, "| ceiling: COPY of the same rows into a bare table | %d | %.1f | %.0f |%n", EVENTS, copySeconds, copyRate);
            System.out.printf(Locale.ROOT, "| floor: COPY of the stored rows (%.0f bytes each as CSV) into a table shaped as events | %d | %.1f | %.0f |%n",
                    (double) storedRows.length / stored, shaped.rows(), shaped.seconds(), shaped.eventsPerSecond());
            System.out.printf(Locale.ROOT, "%ndrain/COPY ratio: %.2f; stored %d of %d events%n", drainRate / copyRate, stored, EVENTS);
            System.out.printf(Locale.ROOT, "drain/events-shaped COPY: %.2f; events-shaped COPY/bare COPY: %.2f%n",
                    drainRate / shaped.eventsPerSecond(), shaped.eventsPerSecond() / copyRate);
            System.out.printf(Locale.ROOT, "CPU per event, from /proc: drain JVM %.1f + PostgreSQL %.1f µs; bare COPY PostgreSQL %.1f µs; "
                            + "events-shaped COPY PostgreSQL %.1f µs (its backend %.1f), WAL %.0f bytes per event%n",
                    drainJvmTicks * 10_000.0 / drained, drainServerTicks * 10_000.0 / drained, copyServerTicks * 10_000.0 / EVENTS,
                    shaped.serverMicrosPerEvent(), shaped.backendMicrosPerEvent(), shaped.walBytesPerEvent());
            if (stored != EVENTS) {
                throw new IllegalStateException("stored " + stored + " events, expected " + EVENTS);
            }
        }
    }

    /**
     * With {@code -Dwarmup=N}, N events of another project are drained first and their rate printed apart: the
     * measured drain then runs on a JVM whose compilers have seen the work, as a processor that has run for a while
     * does. Without it (the default, as every figure before issue #24's fourth round) the measured drain starts cold,
     * and its CPU includes the JIT's.
     */
    private static void warmUp(DrainEngine engine, int events) throws Exception {
        if (events <= 0) {
            return;
        }
        ConfigurableApplicationContext context = engine.context;
        long projectId = BenchProject.create(context.getBean(UserService.class), context.getBean(ProjectService.class)).project().id();
        fillQueue(context.getBean(PostgresEventQueue.class), projectId, SampleEvents.nativeEvents(projectId, events));
        long start = System.nanoTime();
        int drained = engine.drainAll();
        System.out.printf(Locale.ROOT, "warm-up (not measured): drained %d events of another project at %.0f events/s%n",
                drained, drained / ((System.nanoTime() - start) / 1e9));
    }

    /** The columns the drain's COPY writes into events (EventStore), in its order. */
    static final String EVENT_COLUMNS =
            "project_id, issue_id, event_id, occurred_at, received_at, level, handled, release, environment, user_key, payload";

    static long postmaster(DataSource dataSource) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            return TableCopy.parentPid(TableCopy.backendPid(connection));
        }
    }

    /**
     * Creates {@code bench_events} as the migrations made {@code events}: LIKE ... INCLUDING ALL brings the columns,
     * not-null and check constraints, defaults (the id comes from events' own sequence) and every index (primary key,
     * unique (project_id, event_id), (issue_id, received_at desc, id desc), (received_at)); LIKE never copies foreign
     * keys, so both are added as V1 declares them. Refuses to measure a table that differs from events.
     */
    static void createEventsShaped(JdbcClient jdbc, String table) {
        jdbc.sql("drop table if exists " + table).update();
        jdbc.sql("create table " + table + " (like events including all)").update();
        jdbc.sql("alter table " + table + " add foreign key (project_id) references projects (id) on delete cascade, "
                + "add foreign key (issue_id) references issues (id) on delete cascade").update();
        List<String> events = shape(jdbc, "events");
        List<String> copy = shape(jdbc, table);
        if (!events.equals(copy)) {
            throw new IllegalStateException(table + " is not shaped as events: " + copy + " against " + events);
        }
        System.out.printf(Locale.ROOT, "%s: same columns, defaults, indexes and constraints as events (%d columns, %d indexes, %d constraints)%n",
                table, copy.stream().filter(line -> line.startsWith("column ")).count(),
                copy.stream().filter(line -> line.startsWith("CREATE ")).count(),
                copy.stream().filter(line -> !line.startsWith("column ") && !line.startsWith("CREATE ")).count());
    }

    /** A table's columns, indexes and constraints, with the table's and indexes' own names left out. */
    static List<String> shape(JdbcClient jdbc, String table) {
        List<String> shape = new ArrayList<>(jdbc.sql("""
                        select 'column ' || attname || ' ' || format_type(atttypid, atttypmod) || ' not null ' || attnotnull
                               || ' default ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '-')
                        from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
                        where attrelid = ?::regclass and attnum > 0 and not attisdropped order by attnum""")
                .param(table).query(String.class).list());
        shape.addAll(jdbc.sql("""
                        select regexp_replace(pg_get_indexdef(indexrelid), '^(CREATE (UNIQUE )?INDEX) \\S+ ON \\S+', '\\1 ON T')
                        from pg_index where indrelid = ?::regclass order by 1""")
                .param(table).query(String.class).list());
        shape.addAll(jdbc.sql("select contype::text || ' ' || pg_get_constraintdef(oid) from pg_constraint where conrelid = ?::regclass order by 1")
                .param(table).query(String.class).list());
        return shape;
    }

    private static TableCopy.Cost copyIntoEventsShaped(DataSource dataSource, JdbcClient jdbc, byte[] rows, int count) throws Exception {
        createEventsShaped(jdbc, "bench_events");
        try {
            return TableCopy.copy(dataSource, "bench_events", EVENT_COLUMNS, rows, count);
        } finally {
            jdbc.sql("drop table bench_events").update();
        }
    }

    static void fillQueue(PostgresEventQueue queue, long projectId, List<byte[]> payloads) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = first; i < payloads.size(); i += 16) {
                        queue.enqueue(new QueuedEvent(projectId, UUID.randomUUID(), NativePayloadParser.ERROR_PROTOCOL,
                                payloads.get(i), Map.of(), Instant.now()));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }
    }

    /** COPY of (project, event id, timestamps, level, payload as jsonb) rows: the least work that stores them. */
    private static double copyBaseline(DataSource dataSource, JdbcClient jdbc, long projectId, List<byte[]> payloads) throws Exception {
        jdbc.sql("drop table if exists bench_copy").update();
        jdbc.sql("create table bench_copy (project_id bigint, event_id uuid, received_at timestamptz, level text, payload jsonb)").update();
        StringBuilder csv = new StringBuilder();
        String now = Instant.now().toString();
        for (byte[] payload : payloads) {
            String json = new String(payload, StandardCharsets.UTF_8).replace("\"", "\"\"");
            csv.append(projectId).append(',').append(UUID.randomUUID()).append(',').append(now).append(",error,\"")
                    .append(json).append("\"\n");
        }
        String rows = csv.toString();
        long start = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("copy bench_copy from stdin (format csv)", new StringReader(rows));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        jdbc.sql("drop table bench_copy").update();
        return seconds;
    }
}
