package io.flytrap.bench;

import io.flytrap.bench.drills.FlytrapProcess;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue #24 item 3: from capture (the moment a client posts an event) to the event being visible in an open issue
 * list in headless Chromium, seen by a MutationObserver on the page. The one-process app (its jar, embedded
 * PostgreSQL, loopback) runs as users run it. First idle: probe events one at a time, nothing else arriving. Then a
 * warm-up (the first BENCH_WARMUP_SECONDS of load, default 30, reported apart) and then the measurement: under a
 * steady 1,000 events/s of filler events (a few issues whose counts keep changing), a probe every 500 ms. Events
 * go through {@link KeepAlivePoster} (BENCH_CLIENT=httpclient: the JDK's HttpClient, the client before issue #24's
 * third round, which took half a core from the server it measures).
 * Each probe has a unique message and fingerprint, so it opens a new issue at the top of the list (sorted by first
 * seen) and the observer can tell it from every other. Prints p50/p99 for both, the ratio load ÷ idle, and writes a
 * plot. Arguments: the jar, the SVG to write. Environment: BENCH_SECONDS (load, default 60), BENCH_RATE (default
 * 1000), BENCH_IDLE_PROBES (default 20); BENCH_BEFORE_JAR, an older build's jar, runs through the same steps
 * BENCH_PAIRS times (default 2), alternating with this one, and the result adds after ÷ before under load.
 * BENCH_LAUNCH: what this build's JVM runs instead of {@code -jar} JAR, one argument a line (end-to-end.sh's BENCH_AOT:
 * the AOT cache's launch, as ./run.sh's); with BENCH_TRAIN=1 one untimed run of it (idle probes, then
 * BENCH_AOT_TRAIN_SECONDS of load, default 60), stopped cleanly, so that a recording run writes its AOT cache.
 */
public final class EndToEndLatencyBenchmark {

    private static final Pattern PROJECT_ID = Pattern.compile("^\\{\"id\":(\\d+)");
    private static final Pattern PUBLIC_KEY = Pattern.compile("\"publicKey\":\"([^\"]+)\"");
    private static final int FILLER_ISSUES = 20;
    private static final long PROBE_EVERY_MILLIS = 500;
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    /** Records, per probe id, when a mutation first put its text into the page (Date.now(), the same clock as ours). */
    private static final String OBSERVER = """
            window.flytrapSeen = {};
            new MutationObserver((records) => {
              const now = Date.now();
              for (const record of records) {
                const nodes = record.type === 'characterData' ? [record.target] : Array.from(record.addedNodes);
                for (const node of nodes) {
                  const found = (node.textContent || '').match(/e2e-probe-\\d+/g);
                  if (found) for (const id of found) if (!(id in window.flytrapSeen)) window.flytrapSeen[id] = now;
                }
              }
            }).observe(document.body, { childList: true, subtree: true, characterData: true });""";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    /** Answers other than 200 by status (0: no answer, e.g. a timeout), to say why events were not taken. */
    private final Map<Integer, AtomicLong> notTaken = new ConcurrentHashMap<>();
    private FlytrapProcess flytrap;
    /** The default client (BENCH_CLIENT=httpclient: the JDK's HttpClient, as before, for comparison). */
    private KeepAlivePoster poster;
    private final boolean jdkClient = "httpclient".equals(System.getenv("BENCH_CLIENT"));
    private long projectId;
    private String key;
    private WebDriver driver;
    private int probes;

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path svg = Path.of(args[1]);
        int seconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "60"));
        int rate = Integer.parseInt(System.getenv().getOrDefault("BENCH_RATE", "1000"));
        int idleProbes = Integer.parseInt(System.getenv().getOrDefault("BENCH_IDLE_PROBES", "20"));
        int warmupSeconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP_SECONDS", "30"));
        String beforeJar = System.getenv("BENCH_BEFORE_JAR");
        // with an older build, both run BENCH_PAIRS times in alternating order: the machine's noise moves both alike.
        // Each build is what its JVM runs after the options: -jar and its jar, or this build's BENCH_LAUNCH
        Map<String, List<String>> builds = new java.util.LinkedHashMap<>();
        if (beforeJar != null && !beforeJar.isBlank()) {
            builds.put("before", List.of("-jar", Path.of(beforeJar).toAbsolutePath().toString()));
        }
        String launch = System.getenv().getOrDefault("BENCH_LAUNCH", "");
        builds.put("after", launch.isBlank() ? List.of("-jar", jar.toAbsolutePath().toString())
                : launch.lines().filter(line -> !line.isBlank()).toList());
        if ("1".equals(System.getenv("BENCH_TRAIN"))) {
            train(builds.get("after"), idleProbes, rate,
                    Integer.parseInt(System.getenv().getOrDefault("BENCH_AOT_TRAIN_SECONDS", "60")));
            return;
        }
        int pairs = builds.size() == 1 ? 1 : Integer.parseInt(System.getenv().getOrDefault("BENCH_PAIRS", "2"));
        Map<String, List<Long>> idleByBuild = new java.util.LinkedHashMap<>();
        Map<String, List<Long>> warmupByBuild = new java.util.LinkedHashMap<>();
        Map<String, List<Result>> loadByBuild = new java.util.LinkedHashMap<>();
        for (int pair = 1; pair <= pairs; pair++) {
            for (Map.Entry<String, List<String>> build : builds.entrySet()) {
                System.out.printf("== %s, run %d (%s)%n", build.getKey(), pair, String.join(" ", build.getValue()));
                EndToEndLatencyBenchmark bench = new EndToEndLatencyBenchmark();
                // a timeout's SIGTERM still stops Chromium and the app (and with it its PostgreSQL)
                Thread cleanup = new Thread(bench::stopQuietly);
                Runtime.getRuntime().addShutdownHook(cleanup);
                Path work = Files.createTempDirectory("flytrap-e2e-");
                try {
                    bench.start(build.getValue(), work);
                    List<Long> idle = bench.idle(idleProbes);
                    if (warmupSeconds > 0) {
                        // A JVM that just started compiles its hot code during its first seconds of load (C2 took
                        // 40 % of a core here): that is the start, not the steady rate the target is about. Shown
                        // apart, so the cold tail stays visible. The first line marks its start for a profiler
                        // watching the output (e.g. bench/thread-cpu.py over the window).
                        System.out.printf("warm-up: %d s of load from now%n", warmupSeconds);
                        Result warmup = bench.underLoad(rate, warmupSeconds);
                        System.out.printf(Locale.ROOT, "warm-up, the first %d s of load after start: p50 %d ms, p99 %d ms, "
                                        + "%d probes seen of %d%n", warmupSeconds, percentile(warmup.latencies(), 50),
                                percentile(warmup.latencies(), 99), warmup.latencies().size(), warmup.probes());
                        warmupByBuild.computeIfAbsent(build.getKey(), b -> new ArrayList<>()).addAll(warmup.latencies());
                    }
                    Result load = bench.underLoad(rate, seconds);
                    printRun(idle, idleProbes, load, rate, seconds);
                    System.out.println("answers other than 200, by status (0: none): " + bench.notTaken);
                    idleByBuild.computeIfAbsent(build.getKey(), b -> new ArrayList<>()).addAll(idle);
                    loadByBuild.computeIfAbsent(build.getKey(), b -> new ArrayList<>()).add(load);
                } finally {
                    bench.stop();
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                    printAotWarnings(work.resolve("flytrap").resolve("flytrap.log"));
                }
            }
        }
        report(idleByBuild, warmupByBuild, loadByBuild, rate, svg);
    }

    /**
     * One untimed run, as a measured one but shorter and unreported, stopped with time for the JVM to write what it
     * recorded: with -XX:AOTCacheOutput, the AOT cache (classes, linking and the method profiles of this workload).
     */
    private static void train(List<String> launch, int idleProbes, int rate, int seconds) throws Exception {
        System.out.printf("== training run, not measured (%s)%n", String.join(" ", launch));
        EndToEndLatencyBenchmark bench = new EndToEndLatencyBenchmark();
        Thread cleanup = new Thread(bench::stopQuietly);
        Runtime.getRuntime().addShutdownHook(cleanup);
        Path work = Files.createTempDirectory("flytrap-e2e-train-");
        long began = System.nanoTime();
        try {
            bench.start(launch, work);
            bench.idle(idleProbes);
            bench.underLoad(rate, seconds);
        } finally {
            bench.stop(Duration.ofMinutes(20));
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        System.out.printf(Locale.ROOT, "training run stopped after %.0f s (log in %s)%n",
                (System.nanoTime() - began) / 1e9, work);
    }

    /** The app's lines about the AOT cache (a cache the JVM could not use is one warning, and the run goes on). */
    private static void printAotWarnings(Path log) {
        try (var lines = Files.lines(log)) {
            lines.filter(line -> line.contains("[aot") || line.contains("AOT") || line.contains("CDS")).limit(5)
                    .forEach(line -> System.out.println("app log: " + line));
        } catch (IOException | java.io.UncheckedIOException e) {
            System.out.println("app log not read: " + e);
        }
    }

    record Result(List<Long> latencies, int probes, long accepted, long refused, double achievedRate) {
    }

    private void start(List<String> launch, Path work) throws Exception {
        // 1,000 events/s from one project is above the default per-project limit (12,000/min): raised, or the
        // bench would measure 429s. The failure budget (60 refused requests per address and minute, then 429
        // unread) is off: one loopback client that met backpressure (503) would otherwise see only 429s from then
        // on; the answers other than 200 are counted by status either way
        int port = freePort();
        flytrap = new FlytrapProcess(work.resolve("flytrap"), port,
                java.util.stream.Stream.concat(java.util.stream.Stream.of(
                        "-Dflytrap.ingest.rate-limit.project-per-minute=600000",
                        "-Dflytrap.ingest.failure-budget.per-address-per-minute=0",
                        "-Dflytrap.ingest.failure-budget.per-key-per-minute=0"),
                        // BENCH_APP_OPTS: more JVM options for the app (e.g. -Dflytrap.worker.threads=1)
                        java.util.Arrays.stream(System.getenv().getOrDefault("BENCH_APP_OPTS", "").split("\\s+"))
                                .filter(option -> !option.isBlank())).toList(), launch);
        long began = System.nanoTime();
        flytrap.start();
        flytrap.awaitReady(Duration.ofMinutes(6)).ifPresent(why -> {
            throw new IllegalStateException("Flytrap did not start: " + why + " (log in " + work + ")");
        });
        System.out.printf(Locale.ROOT, "start → readiness UP: %.1f s (load average %s)%n", (System.nanoTime() - began) / 1e9,
                Files.readString(Path.of("/proc/loadavg")).strip());
        createProject();
        poster = new KeepAlivePoster("127.0.0.1", port, "/api/errors",
                Map.of("Content-Type", "application/json", "X-Api-Key", key), 64);
        for (int i = 0; i < FILLER_ISSUES; i++) {
            post(filler(i), null); // the filler issues exist before the list opens
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("flytrap.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900");
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(
                Path.of(System.getProperty("flytrap.chromedriver", "/usr/bin/chromedriver")).toFile()).build(), options);
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        driver.get(flytrap.url("/login"));
        wait.until(d -> !d.findElements(By.cssSelector("vaadin-login-form input[name='username']")).isEmpty());
        driver.findElement(By.cssSelector("vaadin-login-form input[name='username']")).sendKeys(FlytrapProcess.ADMIN_EMAIL);
        driver.findElement(By.cssSelector("vaadin-login-form input[name='password']")).sendKeys(FlytrapProcess.ADMIN_PASSWORD);
        driver.findElement(By.cssSelector("vaadin-login-form vaadin-button[slot='submit']")).click();
        wait.until(d -> d.findElements(By.id("projects")).size() + d.findElements(By.id("new-project")).size() > 0);
        // sorted by first seen: a probe's new issue is the top row. Sorted by last seen (the default) the filler
        // issues, each hit every 20 ms, keep it below the rows the grid renders, where no observer can see it
        driver.get(flytrap.url("/projects/" + projectId + "/issues?sort=first_seen"));
        wait.until(d -> !d.findElements(By.id("issue-total")).isEmpty()
                && d.findElement(By.id("issue-total")).getText().startsWith(FILLER_ISSUES + " "));
        ((JavascriptExecutor) driver).executeScript(OBSERVER);
    }

    /** One probe at a time, each waited for (or timed out) before the next; nothing else is sent. */
    private List<Long> idle(int count) throws Exception {
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = sendProbe();
            long deadline = System.currentTimeMillis() + PROBE_TIMEOUT.toMillis();
            Long seen = null;
            while (seen == null && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
                seen = seen().get(id);
            }
            if (seen != null) {
                latencies.add(seen - sentAt.get(id));
            }
            Thread.sleep(300);
        }
        return latencies;
    }

    /** Filler events at a steady rate on their own thread; a probe every PROBE_EVERY_MILLIS from this one. */
    private Result underLoad(int rate, int seconds) throws Exception {
        int firstProbe = probes;
        long acceptedBefore = accepted.get();
        long refusedBefore = refused.get();
        Semaphore inFlight = new Semaphore(256);
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        Thread load = Thread.ofPlatform().name("filler").start(() -> {
            long sent = 0;
            try {
                while (System.nanoTime() < end) {
                    long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                    while (sent < due) {
                        inFlight.acquire();
                        post(filler((int) (sent % FILLER_ISSUES)), inFlight::release);
                        sent++;
                    }
                    Thread.sleep(1);
                }
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        });
        while (System.nanoTime() < end) {
            sendProbe();
            Thread.sleep(PROBE_EVERY_MILLIS);
        }
        load.join();
        double achieved = (accepted.get() - acceptedBefore) / ((System.nanoTime() - start) / 1e9);
        Thread.sleep(PROBE_TIMEOUT.toMillis()); // the last probes' time to show
        Map<String, Long> seen = seen();
        List<Long> latencies = new ArrayList<>();
        for (int i = firstProbe; i < probes; i++) {
            Long at = seen.get("e2e-probe-" + i);
            if (at != null) {
                latencies.add(at - sentAt.get("e2e-probe-" + i));
            }
        }
        return new Result(latencies, probes - firstProbe, accepted.get() - acceptedBefore, refused.get() - refusedBefore,
                achieved);
    }

    private String sendProbe() {
        String id = "e2e-probe-" + probes++;
        String body = """
                {"data":{"message":"%s","fingerprint":["%s"],"level":"error","project_id":%d,"platform":"javascript"}}"""
                .formatted(id, id, projectId);
        sentAt.put(id, System.currentTimeMillis());
        post(body, null);
        return id;
    }

    private String filler(int issue) {
        return """
                {"data":{"message":"filler load %d","fingerprint":["filler-%d"],"level":"error","project_id":%d,"platform":"javascript"}}"""
                .formatted(issue, issue, projectId);
    }

    private void post(String body, Runnable done) {
        if (!jdkClient) {
            poster.post(body, status -> {
                answered(status);
                if (done != null) {
                    done.run();
                }
            });
            return;
        }
        http.sendAsync(HttpRequest.newBuilder(URI.create(flytrap.url("/api/errors")))
                        .header("content-type", "application/json").header("x-api-key", key)
                        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).whenComplete((answer, failure) -> {
                    answered(failure == null ? answer.statusCode() : 0);
                    if (done != null) {
                        done.run();
                    }
                });
    }

    private void answered(int status) {
        if (status == 200) {
            accepted.incrementAndGet();
        } else {
            refused.incrementAndGet();
            notTaken.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Long> seen() {
        Map<String, Object> raw = (Map<String, Object>) ((JavascriptExecutor) driver).executeScript("return window.flytrapSeen");
        Map<String, Long> seen = new java.util.HashMap<>();
        raw.forEach((id, at) -> seen.put(id, ((Number) at).longValue()));
        return seen;
    }

    private void createProject() throws IOException, InterruptedException {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(flytrap.url("/api/v1/projects")))
                .header("Authorization", "Bearer " + FlytrapProcess.ADMIN_TOKEN).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"End to end\",\"platform\":\"javascript\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher id = PROJECT_ID.matcher(created.body());
        Matcher publicKey = PUBLIC_KEY.matcher(created.body());
        if (created.statusCode() != 201 || !id.find() || !publicKey.find()) {
            throw new IllegalStateException("creating the project: " + created.statusCode() + " " + created.body());
        }
        projectId = Long.parseLong(id.group(1));
        key = publicKey.group(1);
    }

    private void stop() throws InterruptedException {
        stop(Duration.ofSeconds(30));
    }

    private synchronized void stop(Duration appWithin) throws InterruptedException {
        if (poster != null) {
            poster.close();
            poster = null;
        }
        if (driver != null) {
            driver.quit();
            driver = null;
        }
        if (flytrap != null) {
            flytrap.stop(appWithin);
            flytrap = null;
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (InterruptedException | RuntimeException e) {
            System.err.println("stopping: " + e);
        }
    }

    private static void printRun(List<Long> idle, int idleSent, Result load, int rate, int seconds) throws IOException {
        System.out.printf(Locale.ROOT, "load average (/proc/loadavg): %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
        System.out.printf(Locale.ROOT, "idle: %d probes seen of %d sent, p50 %d ms, p99 %d ms, max %d ms%n",
                idle.size(), idleSent, percentile(idle, 50), percentile(idle, 99), percentile(idle, 100));
        System.out.printf(Locale.ROOT, "under load: %,d events/s asked for %d s, %,.0f events/s answered 200 "
                        + "(%,d accepted, %,d not); %d probes seen of %d sent%n",
                rate, seconds, load.achievedRate(), load.accepted(), load.refused(), load.latencies().size(), load.probes());
        System.out.printf(Locale.ROOT, "under load: p50 %d ms, p99 %d ms, max %d ms%n", percentile(load.latencies(), 50),
                percentile(load.latencies(), 99), percentile(load.latencies(), 100));
    }

    /** Per build, every run's probes pooled: p50/p99 idle and under load, the target's verdict, after ÷ before. */
    private static void report(Map<String, List<Long>> idleByBuild, Map<String, List<Long>> warmupByBuild,
                               Map<String, List<Result>> loadByBuild, int rate, Path svg) throws IOException {
        int[] points = {50, 75, 90, 95, 99};
        List<String> series = new ArrayList<>();
        List<List<Long>> curves = new ArrayList<>();
        Map<String, long[]> p50p99 = new java.util.LinkedHashMap<>();
        for (String build : loadByBuild.keySet()) {
            List<Long> idle = idleByBuild.get(build);
            List<Long> load = new ArrayList<>();
            int sent = 0;
            for (Result run : loadByBuild.get(build)) {
                load.addAll(run.latencies());
                sent += run.probes();
            }
            long p50 = percentile(load, 50);
            long p99 = percentile(load, 99);
            List<Long> warmup = warmupByBuild.getOrDefault(build, List.of());
            p50p99.put(build, new long[] {p50, p99, percentile(warmup, 50), percentile(warmup, 99)});
            System.out.printf(Locale.ROOT, "RESULT build=%s idle_p50_ms=%d idle_p99_ms=%d warmup_p50_ms=%d warmup_p99_ms=%d "
                            + "load_p50_ms=%d load_p99_ms=%d ratio_p50=%.2f ratio_p99=%.2f unseen=%d target_p99_under_500ms=%s%n",
                    build, percentile(idle, 50), percentile(idle, 99), percentile(warmup, 50), percentile(warmup, 99), p50, p99,
                    p50 / (double) Math.max(1, percentile(idle, 50)), p99 / (double) Math.max(1, percentile(idle, 99)),
                    sent - load.size(), p99 < 500 && sent == load.size() ? "met" : "NOT met");
            String label = loadByBuild.size() == 1 ? "" : build + ", ";
            series.add(label + "idle (one event at a time)");
            curves.add(idle);
            series.add(label + String.format(Locale.ROOT, "under %,d events/s", rate));
            curves.add(load);
        }
        if (p50p99.size() == 2) {
            long[] before = p50p99.get("before");
            long[] after = p50p99.get("after");
            System.out.printf(Locale.ROOT, "RESULT after/before under load: p50 %.2f, p99 %.2f; warm-up: p50 %.2f, p99 %.2f%n",
                    after[0] / (double) Math.max(1, before[0]), after[1] / (double) Math.max(1, before[1]),
                    after[2] / (double) Math.max(1, before[2]), after[3] / (double) Math.max(1, before[3]));
        }
        double[][] values = new double[points.length][curves.size()];
        for (int i = 0; i < points.length; i++) {
            for (int c = 0; c < curves.size(); c++) {
                values[i][c] = percentile(curves.get(c), points[i]);
            }
        }
        Files.createDirectories(svg.toAbsolutePath().getParent());
        Files.writeString(svg, Plot.lines("Capture → visible in the open issue list (headless Chromium)",
                "percentile", "ms", points, values, series.toArray(String[]::new)));
        System.out.println("wrote " + svg);
    }

    /** Nearest-rank percentile; 0 for no samples. */
    static long percentile(List<Long> samples, int p) {
        if (samples.isEmpty()) {
            return 0;
        }
        List<Long> sorted = samples.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
