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
 * for writing the same rows at all: a plain COPY of them into a bare table, in the same run and database.
 */
public final class DrainBenchmark {

    static final int EVENTS = 100_000;

    private DrainBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (DrainEngine engine = DrainEngine.start()) {
            ConfigurableApplicationContext context = engine.context;
            CreatedProject project = BenchProject.create(context.getBean(UserService.class), context.getBean(ProjectService.class));
            long projectId = project.project().id();
            List<byte[]> payloads = new ArrayList<>(EVENTS);
            for (int i = 0; i < EVENTS; i++) {
                payloads.add(SampleEvents.nativeEvent(projectId, i % SampleEvents.ISSUES, i % SampleEvents.USERS)
                        .getBytes(StandardCharsets.UTF_8));
            }
            double averageBytes = payloads.stream().mapToInt(p -> p.length).average().orElse(0);

            fillQueue(context.getBean(PostgresEventQueue.class), projectId, payloads);
            long start = System.nanoTime();
            int drained = engine.drainAll();
            double drainSeconds = (System.nanoTime() - start) / 1e9;
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            long stored = jdbc.sql("select count(*) from events where project_id = ?").param(projectId).query(Long.class).single();
            long issues = jdbc.sql("select count(*) from issues where project_id = ?").param(projectId).query(Long.class).single();

            double copySeconds = copyBaseline(context.getBean(DataSource.class), jdbc, projectId, payloads);

            double drainRate = drained / drainSeconds;
            double copyRate = EVENTS / copySeconds;
            System.out.printf(Locale.ROOT, "%n| step | events | seconds | events/s |%n|---|---|---|---|%n");
            System.out.printf(Locale.ROOT, "| drain: queue -> grouped issues (%d issues, %.0f-byte events) | %d | %.1f | %.0f |%n",
                    issues, averageBytes, drained, drainSeconds, drainRate);
            System.out.printf(Locale.ROOT, "| ceiling: COPY of the same rows into a bare table | %d | %.1f | %.0f |%n", EVENTS, copySeconds, copyRate);
            System.out.printf(Locale.ROOT, "%ndrain/COPY ratio: %.2f; stored %d of %d events%n", drainRate / copyRate, stored, EVENTS);
            if (stored != EVENTS) {
                throw new IllegalStateException("stored " + stored + " events, expected " + EVENTS);
            }
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
