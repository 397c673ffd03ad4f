package io.flytrap.bench.engine;

import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.queue.PostgresEventQueue;
import io.flytrap.core.queue.QueuedEvent;
import io.flytrap.core.users.UserService;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The drain with 1 % poison events against a clean drain, in one process and database (#20 items 5 and 6).
 * Two kinds. The former poison: the events issue #20 found that ingest accepted and PostgreSQL refused (a NUL in
 * the release, a NUL in the error's name, a 4,000-character release, a timestamp 10^16 ms before 1970, the year
 * -314,918, before timestamptz's first day), sent through the real parser and processor, which now make them
 * storable: each must be stored, none retried or dead-lettered, and a drain that fails one prints it as a defect.
 * And an event refused only inside the store transaction, injected through a CHECK constraint on events.release
 * that this benchmark adds for its run (what halving the batch is for): each such event is scheduled for a retry
 * or dead-lettered, never stored. The drains alternate after a warm-up; dead letters are counted after each.
 */
public final class PoisonDrainBenchmark {

    static final int EVENTS = Integer.getInteger("bench.events", 10_000);
    static final int ROUNDS = 2;

    private PoisonDrainBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (DrainEngine engine = DrainEngine.start("--logging.level.io.flytrap.core.process=ERROR")) {
            Drains drains = new Drains(engine);
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
            System.out.printf(Locale.ROOT, "%nformer-poison/clean ratio (1 %% of issue #20's poison events, now made storable): %.2f (expected about 1)%n",
                    mean(rates[Poison.FORMER_POISON.ordinal()]) / clean);
            System.out.printf(Locale.ROOT, "store-only-poison/clean ratio (1 %% refused only in the store, isolated by halving): %.2f (target >= 0.8)%n",
                    mean(rates[Poison.STORE_ONLY.ordinal()]) / clean);
            if (drains.defects.isEmpty()) {
                System.out.println("former poison: every event stored, none failed or dead-lettered");
            } else {
                System.out.println("DEFECT: former-poison events not stored:");
                drains.defects.forEach(defect -> System.out.println("  " + defect));
            }
        }
    }

    enum Poison {
        NONE("clean", 0),
        FORMER_POISON("1 % former poison, now made storable (NUL in release, NUL in error name, 4,000-character release, timestamp before 4713 BC)", 100),
        STORE_ONLY("1 % poison refused only in the store (injected CHECK)", 100),
        RARE_STORE_ONLY("0.1 % poison refused only in the store (injected CHECK)", 10);

        final String description;
        final int per10000;

        Poison(String description, int per10000) {
            this.description = description;
            this.per10000 = per10000;
        }

        /** The n-th poison event of this kind made from a sample event. */
        String poison(String body, int n) {
            return switch (this) {
                case NONE -> body;
                case FORMER_POISON -> switch (n % 4) {
                    case 0 -> body.replaceFirst("\"release\": \"web@4\\.2\\.(\\d)\"", "\"release\": \"web@4.2.$1\\\\u0000\"");
                    case 1 -> body.replace("\"name\": \"TypeError\"", "\"name\": \"Type\\u0000Error\"");
                    case 2 -> body.replaceFirst("\"release\": \"web@4\\.2\\.\\d\"", "\"release\": \"web@" + "4".repeat(4_000) + "\"");
                    default -> body.replace("\"timestamp\": \"2026-11-26T10:00:00.000Z\"", "\"timestamp\": -10000000000000000");
                };
                case STORE_ONLY, RARE_STORE_ONLY -> body.replaceFirst("\"release\": \"web@4\\.2\\.\\d\"", "\"release\": \"poisoned@1\"");
            };
        }
    }

    /** One project per drain, so each run counts only its own events. */
    private static final class Drains {
        private final DrainEngine engine;
        private final PostgresEventQueue queue;
        private final JdbcClient jdbc;
        private final Random random = new Random(20);
        /** Former-poison events a drain did not store: what they were and why. */
        final List<String> defects = new ArrayList<>();

        Drains(DrainEngine engine) {
            this.engine = engine;
            this.queue = engine.bean(PostgresEventQueue.class);
            this.jdbc = engine.bean(JdbcClient.class);
        }

        /** Queues the events, then drains them with the real workers; returns events (poison included) per second. */
        double run(int events, Poison kind) throws Exception {
            long projectId = BenchProject.create(engine.bean(UserService.class), engine.bean(ProjectService.class))
                    .project().id();
            int poison = 0;
            for (int i = 0; i < events; i++) {
                String body = SampleEvents.nativeEvent(projectId, i % SampleEvents.ISSUES, i % SampleEvents.USERS);
                if (kind != Poison.NONE && random.nextInt(10_000) < kind.per10000) {
                    String poisoned = kind.poison(body, poison);
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
            long start = System.nanoTime();
            int drained = engine.drainAll();
            double seconds = (System.nanoTime() - start) / 1e9;
            jdbc.sql("alter table events drop constraint if exists poisoned_release").update();
            long stored = jdbc.sql("select count(*) from events where project_id = ?").param(projectId).query(Long.class).single();
            long failed = jdbc.sql("select count(*) from event_queue where project_id = ? and last_error is not null")
                    .param(projectId).query(Long.class).single();
            long dead = jdbc.sql("select count(*) from event_queue where project_id = ? and state = 'dead'")
                    .param(projectId).query(Long.class).single();
            System.out.printf(Locale.ROOT, "%s: %,d events, %d poison, stored %,d, failed (retry or dead) %d, dead letters %d, %.1f s%n",
                    kind, events, poison, stored, failed, dead, seconds);
            if (kind == Poison.FORMER_POISON) {
                // made storable at parse time: all stored, nothing handed back; anything else is a defect, shown
                for (String error : jdbc.sql("select state || ': ' || left(last_error, 300) from event_queue where project_id = ? and last_error is not null")
                        .param(projectId).query(String.class).list()) {
                    defects.add(error);
                    System.out.println("  DEFECT, former poison not stored: " + error);
                }
                if (drained < events || (stored != events && failed == 0)) {
                    throw new IllegalStateException("drained %d of %d, stored %d".formatted(drained, events, stored));
                }
            } else if (drained < events || stored != events - poison || failed != poison) {
                throw new IllegalStateException("drained %d of %d, stored %d and failed %d, expected %d poison"
                        .formatted(drained, events, stored, failed, poison));
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
