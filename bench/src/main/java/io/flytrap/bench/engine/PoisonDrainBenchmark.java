package io.flytrap.bench.engine;

import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.queue.PostgresEventQueue;
import io.flytrap.core.queue.QueuedEvent;
import io.flytrap.core.users.UserService;
import io.flytrap.functions.process.QueueWorker;
import io.flytrap.functions.process.WorkerProperties;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The drain with 1 % poison events against a clean drain, in one process and database (#20 item 6). A poison
 * event passes the parser but PostgreSQL refuses it. Two kinds: a native event whose timestamp is 10^16 ms before
 * 1970 (the year -314,918, before timestamptz's first day), the real case, which processing now finds before the
 * batch transaction; and an event refused only inside the store transaction, injected through a CHECK constraint
 * on events.release that this benchmark adds for its run (what halving the batch is for). The drains alternate
 * after a warm-up; each poison event is scheduled for a retry or dead-lettered, never stored.
 */
public final class PoisonDrainBenchmark {

    static final int EVENTS = Integer.getInteger("bench.events", 10_000);
    static final int ROUNDS = 2;

    private PoisonDrainBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createTempDirectory("flytrap-poison-bench");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EngineBenchApplication.class)
                .web(WebApplicationType.NONE)
                .run("--flytrap.worker.enabled=false", "--spring.flyway.enabled=true", "--flytrap.retention.enabled=false",
                        "--flytrap.data-dir=" + dataDir, "--logging.level.root=WARN",
                        "--logging.level.io.flytrap.core.process=ERROR")) {
            Drains drains = new Drains(context);
            drains.run(5_000, Poison.NONE); // warm-up: JIT, connections, first issues
            double[][] rates = new double[Poison.values().length][ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                for (Poison poison : Poison.values()) {
                    rates[poison.ordinal()][round] = drains.run(EVENTS, poison);
                }
            }
            double clean = mean(rates[Poison.NONE.ordinal()]);
            System.out.printf(Locale.ROOT, "%n| drain of %,d events | events/s (mean of %d runs) | runs | ratio to clean |%n|---|---|---|---|%n",
                    EVENTS, ROUNDS);
            for (Poison poison : Poison.values()) {
                double rate = mean(rates[poison.ordinal()]);
                System.out.printf(Locale.ROOT, "| %s | %.0f | %s | %.2f |%n", poison.description, rate,
                        runs(rates[poison.ordinal()]), rate / clean);
            }
            System.out.printf(Locale.ROOT, "%npoison/clean ratio (1 %% timestamps PostgreSQL refuses): %.2f (target >= 0.8)%n",
                    mean(rates[Poison.TIMESTAMP.ordinal()]) / clean);
        }
    }

    enum Poison {
        NONE("clean", 0),
        TIMESTAMP("1 % poison: timestamp before 4713 BC", 100),
        STORE_ONLY("1 % poison refused only in the store (injected CHECK)", 100),
        RARE_STORE_ONLY("0.1 % poison refused only in the store (injected CHECK)", 10);

        final String description;
        final int per10000;

        Poison(String description, int per10000) {
            this.description = description;
            this.per10000 = per10000;
        }

        String poison(String body) {
            return switch (this) {
                case NONE -> body;
                case TIMESTAMP -> body.replace("\"timestamp\": \"2026-11-26T10:00:00.000Z\"", "\"timestamp\": -10000000000000000");
                case STORE_ONLY, RARE_STORE_ONLY -> body.replaceFirst("\"release\": \"web@4\\.2\\.\\d\"", "\"release\": \"poisoned@1\"");
            };
        }
    }

    /** One project per drain, so each run counts only its own events. */
    private static final class Drains {
        private final ConfigurableApplicationContext context;
        private final PostgresEventQueue queue;
        private final QueueWorker worker;
        private final JdbcClient jdbc;
        private final int threads;
        private final Random random = new Random(20);

        Drains(ConfigurableApplicationContext context) {
            this.context = context;
            this.queue = context.getBean(PostgresEventQueue.class);
            this.worker = context.getBean(QueueWorker.class);
            this.jdbc = context.getBean(JdbcClient.class);
            // as many workers, with the same batch size, as a default Flytrap runs
            this.threads = context.getBean(WorkerProperties.class).threads();
        }

        /** Queues the events, then drains them with the real workers; returns events (poison included) per second. */
        double run(int events, Poison kind) throws Exception {
            long projectId = BenchProject.create(context.getBean(UserService.class), context.getBean(ProjectService.class))
                    .project().id();
            int poison = 0;
            for (int i = 0; i < events; i++) {
                String body = SampleEvents.nativeEvent(projectId, i % SampleEvents.ISSUES, i % SampleEvents.USERS);
                if (kind != Poison.NONE && random.nextInt(10_000) < kind.per10000) {
                    String poisoned = kind.poison(body);
                    if (poisoned.equals(body)) {
                        throw new IllegalStateException("the sample event changed; " + kind + " no longer applies");
                    }
                    body = poisoned;
                    poison++;
                }
                queue.enqueue(new QueuedEvent(projectId, UUID.randomUUID(), NativePayloadParser.ERROR_PROTOCOL,
                        body.getBytes(StandardCharsets.UTF_8), Map.of(), Instant.now()));
            }
            if (kind == Poison.STORE_ONLY || kind == Poison.RARE_STORE_ONLY) {
                jdbc.sql("alter table events add constraint poisoned_release check (release is distinct from 'poisoned@1') not valid").update();
            }
            AtomicInteger drained = new AtomicInteger();
            long start = System.nanoTime();
            try (ExecutorService workers = Executors.newFixedThreadPool(threads)) {
                for (int t = 0; t < threads; t++) {
                    workers.submit(() -> {
                        int claimed;
                        // poison events wait for their retry backoff (10 s): a drain longer than that meets them again
                        while ((claimed = worker.drainOnce()) > 0) {
                            drained.addAndGet(claimed);
                        }
                    });
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            jdbc.sql("alter table events drop constraint if exists poisoned_release").update();
            long stored = jdbc.sql("select count(*) from events where project_id = ?").param(projectId).query(Long.class).single();
            long failed = jdbc.sql("select count(*) from event_queue where project_id = ? and last_error is not null")
                    .param(projectId).query(Long.class).single();
            if (drained.get() < events || stored != events - poison || failed != poison) {
                throw new IllegalStateException("drained %d of %d, stored %d and failed %d, expected %d poison"
                        .formatted(drained.get(), events, stored, failed, poison));
            }
            jdbc.sql("delete from event_queue where project_id = ?").param(projectId).update();
            return events / seconds;
        }
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    private static String runs(double[] values) {
        List<String> rates = new ArrayList<>();
        for (double value : values) {
            rates.add(String.format(Locale.ROOT, "%.0f", value));
        }
        return String.join(", ", rates);
    }
}
