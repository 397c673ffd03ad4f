package io.flytrap.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.queue.PostgresEventQueue;
import io.flytrap.core.queue.QueueProperties;
import io.flytrap.core.queue.QueuedEvent;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Ingest's enqueue with group commit against the baseline a naive ingest would use: one INSERT and one COMMIT per
 * request. Both run in the same process against the same PostgreSQL, with synchronous commits on (a 200 must
 * mean "on disk"), at several numbers of concurrent clients, in alternating order. Prints events per second and
 * the ratio, and writes an SVG plot.
 */
public final class QueueGroupCommitBenchmark {

    /** Overridable (-Dbench.clients=64 -Dbench.rounds=3) for a quicker before/after run of the CPU per event. */
    static final int[] CLIENTS = Arrays.stream(System.getProperty("bench.clients", "1,4,16,64").split(","))
            .mapToInt(Integer::parseInt).toArray();
    static final int EVENTS_PER_RUN = 10_000;
    static final int ROUNDS = Integer.getInteger("bench.rounds", 5);

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "docs/performance");
        Files.createDirectories(output);
        Path dataDir = Files.createTempDirectory("flytrap-bench-pg");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(true)
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on").start();
             HikariDataSource dataSource = dataSource(postgres)) {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            JdbcTemplate jdbcTemplate = new JdbcTemplate(dataSource);
            TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
            QueueProperties properties = new QueueProperties(5, Duration.ofSeconds(10), Duration.ofMinutes(15),
                    Duration.ofMinutes(5), 10_000, 1, 500, Duration.ofSeconds(10), Duration.ofSeconds(30));
            byte[] payload = samplePayload();
            try (PostgresEventQueue queue = new PostgresEventQueue(JdbcClient.create(dataSource), jdbcTemplate, transactions,
                    JsonMapper.builder().build(), Clock.systemUTC(), properties)) {
                Consumer<QueuedEvent> groupCommit = queue::enqueue;
                Consumer<QueuedEvent> commitPerEvent = event -> transactions.executeWithoutResult(status -> jdbcTemplate.update("""
                                insert into event_queue (project_id, event_id, protocol, payload, meta, received_at, available_at)
                                values (?, ?, ?, ?, '{}'::jsonb, ?, ?)""", event.projectId(), event.eventId(), event.protocol(),
                        event.payload(), Timestamp.from(event.receivedAt()), Timestamp.from(event.receivedAt())));

                run(commitPerEvent, 16, 1_000, payload); // warm-up: JIT, connections, WAL
                run(groupCommit, 16, 1_000, payload);

                List<String> rows = new ArrayList<>();
                double[][] results = new double[CLIENTS.length][2];
                for (int c = 0; c < CLIENTS.length; c++) {
                    double[] baseline = new double[ROUNDS];
                    double[] grouped = new double[ROUNDS];
                    double[] jvmMicros = new double[ROUNDS];
                    double[] postgresMicros = new double[ROUNDS];
                    for (int round = 0; round < ROUNDS; round++) {
                        boolean baselineFirst = round % 2 == 0;
                        if (baselineFirst) {
                            baseline[round] = run(commitPerEvent, CLIENTS[c], EVENTS_PER_RUN, payload);
                        }
                        CpuTime.Sample before = CpuTime.sample(dataDir);
                        grouped[round] = run(groupCommit, CLIENTS[c], EVENTS_PER_RUN, payload);
                        CpuTime.Sample after = CpuTime.sample(dataDir);
                        jvmMicros[round] = (after.jvmNanos() - before.jvmNanos()) / 1e3 / EVENTS_PER_RUN;
                        postgresMicros[round] = (after.postgresNanos() - before.postgresNanos()) / 1e3 / EVENTS_PER_RUN;
                        if (!baselineFirst) {
                            baseline[round] = run(commitPerEvent, CLIENTS[c], EVENTS_PER_RUN, payload);
                        }
                        jdbcTemplate.update("truncate event_queue");
                    }
                    results[c][0] = median(baseline);
                    results[c][1] = median(grouped);
                    String row = String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.2f | %.1f + %.1f |", CLIENTS[c],
                            results[c][0], results[c][1], results[c][1] / results[c][0], median(jvmMicros),
                            median(postgresMicros));
                    rows.add(row);
                    System.out.println(row);
                }
                System.out.println();
                System.out.println("| concurrent clients | commit per event (events/s) | group commit (events/s) | ratio "
                        + "| group commit: CPU µs per event, JVM + PostgreSQL |");
                System.out.println("|---|---|---|---|---|");
                rows.forEach(System.out::println);
                Files.writeString(output.resolve("queue-group-commit.svg"), Plot.lines(
                        "Enqueue throughput, synchronous commit on (median of " + ROUNDS + " runs)",
                        "concurrent clients", "events per second", CLIENTS, results,
                        new String[]{"commit per event (baseline)", "group commit"}));
            }
        }
    }

    private static HikariDataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setMaximumPoolSize(70);
        dataSource.addDataSourceProperty("reWriteBatchedInserts", "true");
        return dataSource;
    }

    /** Events per second with {@code clients} threads enqueueing {@code events} in total. */
    private static double run(Consumer<QueuedEvent> enqueue, int clients, int events, byte[] payload) throws InterruptedException {
        AtomicInteger remaining = new AtomicInteger(events);
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            Thread.ofPlatform().start(() -> {
                try {
                    while (remaining.getAndDecrement() > 0) {
                        enqueue.accept(new QueuedEvent(1, UUID.randomUUID(), NativePayloadParser.ERROR_PROTOCOL, payload,
                                Map.of(), Instant.now()));
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        return events / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static byte[] samplePayload() {
        return """
                {"data": {"error": {"name": "TypeError", "message": "Cannot read properties of undefined (reading 'id')",
                  "stack": "TypeError: Cannot read properties of undefined (reading 'id')\\n    at render (https://shop.example/static/js/main.3f9a8b7c.js:2:1043)\\n    at commitRoot (https://shop.example/static/js/vendor.1a2b3c4d.js:9:777)"},
                  "codeContexts": [], "handled": false, "timestamp": "2026-11-26T10:00:00.000Z", "project_id": "1",
                  "method": "GET", "path": "/cart", "os": "Windows 11", "browser": "Chrome 140"}}"""
                .getBytes(StandardCharsets.UTF_8);
    }
}
