package io.flytrap.bench.drills;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue #20's fault drills against the one-process app as users run it (its jar, embedded PostgreSQL, loopback):
 * <ol>
 * <li><b>kill -9 Flytrap</b> under load, then start it once: it must become ready on that one start, and the
 * events that were in flight must be stored within seconds, not after a 5-minute lease;</li>
 * <li><b>kill -9 PostgreSQL</b> under load: ingest must answer 503 within about 2 s, readiness must go DOWN, and
 * Flytrap must bring the database back by itself;</li>
 * <li><b>SIGSTOP PostgreSQL</b> for 10 s under load: ingest must answer 503 within about 3 s instead of hanging,
 * and carry on once the database runs again.</li>
 * </ol>
 * Each drill prints answered-200, stored, lost and duplicated, with what clients saw, and the run exits 1 when the
 * build under test loses or duplicates anything. Load: {@code DRILL_CLIENTS} clients (8) at
 * {@code DRILL_RATE} events/s each (25), retrying like an SDK with the same Idempotency-Key. A drill that needs a
 * manual restart to go on says so; it is then restarted, to count what was stored. Arguments: the jar to test,
 * and optionally {@code before=<jar>} of an older build to run the same drills against first.
 */
public final class FaultDrills {

    private static final Duration READY_WITHIN = Duration.ofSeconds(90);
    private static final Duration RECOVER_WITHIN = Duration.ofSeconds(60);
    private static final Duration SETTLE_WITHIN = Duration.ofSeconds(60);
    private static final Pattern PROJECT_ID = Pattern.compile("^\\{\"id\":(\\d+)");
    private static final Pattern PUBLIC_KEY = Pattern.compile("\"publicKey\":\"([^\"]+)\"");

    private final int clients = Integer.parseInt(System.getenv().getOrDefault("DRILL_CLIENTS", "8"));
    private final int rate = Integer.parseInt(System.getenv().getOrDefault("DRILL_RATE", "25"));
    private final Path workDir;

    private FaultDrills(Path workDir) {
        this.workDir = workDir;
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Optional<Path> before = args.length > 1 && args[1].startsWith("before=") ? Optional.of(Path.of(args[1].substring(7)))
                : Optional.empty();
        FaultDrills drills = new FaultDrills(Files.createTempDirectory("flytrap-drills"));
        List<DrillResult> results = new ArrayList<>();
        if (before.isPresent()) {
            results.addAll(drills.runAll("before", before.get()));
        }
        List<DrillResult> current = drills.runAll("this build", jar);
        results.addAll(current);

        System.out.println();
        System.out.println("| build | drill | answered 200 | stored | lost | duplicated | what clients and probes saw |");
        System.out.println("|---|---|---|---|---|---|---|");
        results.forEach(result -> System.out.println(result.row()));
        boolean failed = current.stream().anyMatch(DrillResult::failed);
        if (failed) {
            System.out.println("FAILED: this build lost or duplicated events (logs and data kept in " + drills.workDir + ")");
        } else {
            System.out.println("OK: nothing answered 200 was lost or duplicated");
            deleteRecursively(drills.workDir);
        }
        System.exit(failed ? 1 : 0);
    }

    private List<DrillResult> runAll(String build, Path jar) throws Exception {
        System.out.printf(Locale.ROOT, "%n== %s: %s (%d clients × %d events/s)%n", build, jar, clients, rate);
        List<DrillResult> results = new ArrayList<>();
        for (Drill drill : List.<Drill>of(this::killFlytrap, this::killDatabase, this::freezeDatabase)) {
            DrillResult result = drill.run(build, jar);
            System.out.println(result.row());
            results.add(result);
        }
        return results;
    }

    @FunctionalInterface
    private interface Drill {
        DrillResult run(String build, Path jar) throws Exception;
    }

    /** What a fault did: the window in which clients' answers are reported, ending when Flytrap was back. */
    record Window(String label, long from, long to) {
    }

    @FunctionalInterface
    private interface Fault {
        /** Injects the fault into a loaded Flytrap, returns once it is over and adds what it observed. */
        Window inject(FlytrapProcess flytrap, List<String> seen) throws Exception;
    }

    /**
     * A fresh Flytrap under load for 6 s, the fault, 5 s more load once it is over, then the count: every event
     * answered 200 must be stored, once.
     */
    private DrillResult underLoad(String build, Path jar, String name, Fault fault) throws Exception {
        FlytrapProcess flytrap = started(jar, name.replaceAll("[^A-Za-z0-9]+", "-") + build.replace(' ', '-'));
        List<String> seen = new ArrayList<>();
        try {
            Project project = createProject(flytrap);
            DrillLoad load = new DrillLoad(flytrap, project.id(), project.key(), UUID.randomUUID().toString(), clients, rate);
            Thread.sleep(6_000);
            Window window = fault.inject(flytrap, seen);
            Thread.sleep(5_000);
            load.close();
            long stopped = System.nanoTime();
            seen.add(answers(window.label(), load, window.from(), window.to()));
            seen.add(settled(flytrap, project, load.accepted(), stopped));
            return DrillResult.of(build, name, load.accepted(), DrillStore.count(flytrap.dataDir(), project.id()), seen);
        } finally {
            stopAll(flytrap);
        }
    }

    /** Drill 1: kill -9 of the JVM under load, then one start. */
    private DrillResult killFlytrap(String build, Path jar) throws Exception {
        return underLoad(build, jar, "kill -9 Flytrap under load, start once", (flytrap, seen) -> {
            flytrap.kill9();
            long killed = System.nanoTime();
            flytrap.start();
            Optional<String> notReady = flytrap.awaitReady(READY_WITHIN);
            if (notReady.isPresent()) {
                seen.add("the one start failed (" + notReady.get() + "); a second start was needed");
                flytrap.stop();
                flytrap.start();
                requireReady(flytrap);
            }
            long ready = System.nanoTime();
            seen.add(String.format(Locale.ROOT, "ready %.1f s after the kill", seconds(ready - killed)));
            return new Window("during the restart", killed, ready);
        });
    }

    /** Drill 2: kill -9 of the embedded postmaster under load; Flytrap must bring it back. */
    private DrillResult killDatabase(String build, Path jar) throws Exception {
        return underLoad(build, jar, "kill -9 PostgreSQL under load", (flytrap, seen) -> {
            Postmaster killed = Postmaster.of(flytrap.dataDir()).orElseThrow();
            killed.kill9();
            long fault = System.nanoTime();
            // ready is not enough: the backends of the killed postmaster live on for a moment and still answer
            Recovery recovery = recovery(flytrap, fault, () -> Postmaster.of(flytrap.dataDir())
                    .filter(now -> now.pid() != killed.pid()).isPresent());
            seen.add(recovery.describe("the kill"));
            return new Window("until recovered", fault, recovery.at());
        });
    }

    /** Drill 3: every PostgreSQL process stopped (SIGSTOP) for 10 s under load, then continued. */
    private DrillResult freezeDatabase(String build, Path jar) throws Exception {
        return underLoad(build, jar, "SIGSTOP PostgreSQL 10 s under load", (flytrap, seen) -> {
            List<ProcessHandle> frozen = Postmaster.of(flytrap.dataDir()).orElseThrow().freeze();
            long fault = System.nanoTime();
            // readiness is watched during the freeze too: it must go DOWN while the database hangs
            CompletableFuture<Recovery> watched = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    watched.complete(recovery(flytrap, fault, () -> true));
                } catch (Exception e) {
                    watched.completeExceptionally(e);
                }
            });
            Thread.sleep(10_000);
            long thawed = System.nanoTime();
            Postmaster.thaw(frozen);
            seen.add(watched.get().describe("the freeze", "the thaw", thawed));
            return new Window("while frozen (10 s)", fault, thawed);
        });
    }

    /** When readiness went DOWN (null: never seen DOWN) and when Flytrap was ready again, or that it needed a hand. */
    record Recovery(long from, Long down, long at, boolean byHand) {
        String describe(String fault) {
            return describe(fault, fault, from);
        }

        /** Readiness DOWN counted from the fault; ready again counted from {@code reference} (the thaw, say). */
        String describe(String fault, String reference, long referenceAt) {
            if (byHand) {
                return String.format(Locale.ROOT, "NOT recovered by itself %d s after %s (readiness %s); restarted by hand",
                        RECOVER_WITHIN.toSeconds(), fault, down == null ? "never DOWN" : "DOWN");
            }
            return String.format(Locale.ROOT, "readiness %s, ready again %.1f s after %s",
                    down == null ? "never seen DOWN" : String.format(Locale.ROOT, "DOWN %.1f s after %s", seconds(down - from), fault),
                    seconds(at - referenceAt), reference);
        }
    }

    /**
     * Polls readiness (as a probe: one second to answer) from the fault on, until Flytrap is ready again; when it
     * does not recover by itself within a minute it is killed and started again, as an operator would, so the drill
     * can count what it stored.
     */
    private Recovery recovery(FlytrapProcess flytrap, long from, BooleanSupplier databaseBack) throws Exception {
        Long down = null;
        long deadline = from + RECOVER_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            boolean ready = flytrap.ready();
            long answered = System.nanoTime();
            if (ready && databaseBack.getAsBoolean()) {
                return new Recovery(from, down, answered, false);
            }
            if (!ready && down == null) {
                down = answered;
            }
            Thread.sleep(200);
        }
        flytrap.kill9();
        Postmaster.of(flytrap.dataDir()).flatMap(Postmaster::process).ifPresent(ProcessHandle::destroyForcibly);
        flytrap.start();
        requireReady(flytrap);
        return new Recovery(from, down, System.nanoTime(), true);
    }

    /** What clients were answered to the requests they sent in a window: statuses and the longest wait. */
    private static String answers(String window, DrillLoad load, long from, long to) {
        List<DrillLoad.Answer> sent = load.answersDuring(from, to);
        return String.format(Locale.ROOT, "%s: longest answer %.1f s, answers %s", window,
                DrillResult.longestMillis(sent) / 1000.0, sent.isEmpty() ? "none" : DrillResult.statuses(sent));
    }

    /** Waits for every accepted event to be stored and says how long that took. */
    private String settled(FlytrapProcess flytrap, Project project, java.util.Map<Integer, String> accepted, long from)
            throws Exception {
        long deadline = System.nanoTime() + SETTLE_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            var counts = DrillStore.count(flytrap.dataDir(), project.id());
            if (counts.storedEventIds().containsAll(accepted.values())) {
                return String.format(Locale.ROOT, "all accepted events stored %.1f s after the load stopped", seconds(System.nanoTime() - from));
            }
            Thread.sleep(500);
        }
        return "accepted events still not stored " + SETTLE_WITHIN.toSeconds() + " s after the load stopped";
    }

    private FlytrapProcess started(Path jar, String name) throws Exception {
        FlytrapProcess flytrap = new FlytrapProcess(jar.toAbsolutePath(), workDir.resolve(name), freePort(), List.of());
        flytrap.start();
        requireReady(flytrap);
        return flytrap;
    }

    private static void requireReady(FlytrapProcess flytrap) throws InterruptedException {
        flytrap.awaitReady(READY_WITHIN).ifPresent(why -> {
            throw new IllegalStateException("Flytrap did not start: " + why + " (log: " + flytrap.dataDir().resolve("flytrap.log") + ")");
        });
    }

    /** Stops Flytrap and any PostgreSQL it left behind, so no drill leaves a process running. */
    private static void stopAll(FlytrapProcess flytrap) throws InterruptedException {
        flytrap.stop();
        Optional<Postmaster> orphan = Postmaster.of(flytrap.dataDir());
        if (orphan.isPresent()) {
            orphan.get().kill9();
        }
    }

    record Project(long id, String key) {
    }

    private static Project createProject(FlytrapProcess flytrap) throws IOException, InterruptedException {
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(flytrap.url("/api/v1/projects")))
                .header("Authorization", "Bearer " + FlytrapProcess.ADMIN_TOKEN).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Drill\",\"platform\":\"javascript\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher id = PROJECT_ID.matcher(created.body());
        Matcher key = PUBLIC_KEY.matcher(created.body());
        if (created.statusCode() != 201 || !id.find() || !key.find()) {
            throw new IllegalStateException("creating the drill project: " + created.statusCode() + " " + created.body());
        }
        return new Project(Long.parseLong(id.group(1)), key.group(1));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
