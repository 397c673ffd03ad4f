package io.flytrap.bench;

import io.flytrap.bench.engine.IngestServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPOutputStream;

/**
 * Issue #19, item 2: does a flood of cheap abusive envelopes stall the server? The flood is the recipe: a
 * 48 KB gzip'd envelope whose first item is invalid, followed by 48 items of 1 MB, sent by 200 concurrent
 * connections. Before the fix each one was fully decompressed and buffered before being refused (0.1–0.5 s of CPU
 * each) and /actuator/health stalled for 22 s.
 * <p>
 * Each server configuration runs in its own JVM on loopback ({@link IngestServer}, embedded PostgreSQL): first an
 * idle baseline, /actuator/health asked every 20 ms for {@code BENCH_IDLE_SECONDS}; then the same probe for as
 * long as the flood runs: {@code BENCH_FLOOD_MAX} requests (default 1,000: five of the waves of 200), or new
 * ones started for {@code BENCH_FLOOD_SECONDS} at most. It prints
 * p99(flood) / p99(idle) for each configuration, and the server's CPU per abusive request (from the OS's account
 * of the server process). Configurations: the failure budget off (streaming alone), the defaults (streaming and the
 * budget), and, when {@code BENCH_BEFORE_CLASSPATH} names the classpath of an older build, that build.
 */
public final class AbusiveEnvelopeBenchmark {

    static final int CONNECTIONS = 200;
    static final int PROBE_EVERY_MS = 20;

    private AbusiveEnvelopeBenchmark() {
    }

    record Configuration(String name, String classpath, List<String> systemProperties) {
    }

    record Result(String name, List<Double> idle, List<Double> flood, int floodRequests, Map<Integer, Integer> statuses,
                  double cpuMillisPerRequest) {
        double ratio() {
            return percentile(flood, 99) / percentile(idle, 99);
        }
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "docs/performance");
        Files.createDirectories(output);
        int idleSeconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_IDLE_SECONDS", "10"));
        int floodSeconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_FLOOD_SECONDS", "15"));
        // The flood: 200 concurrent envelopes; five rounds of them by default (BENCH_FLOOD_MAX=20000 for a
        // sustained one, which docs/performance.md also reports)
        int floodMax = Integer.parseInt(System.getenv().getOrDefault("BENCH_FLOOD_MAX", Integer.toString(5 * CONNECTIONS)));
        String classpath = System.getProperty("java.class.path");
        List<Configuration> configurations = new ArrayList<>();
        String before = System.getenv("BENCH_BEFORE_CLASSPATH");
        if (before != null && !before.isBlank()) {
            configurations.add(new Configuration("before the fix", before, List.of()));
        }
        configurations.add(new Configuration("streaming, budget off", classpath, List.of(
                "-Dflytrap.ingest.failure-budget.per-address-per-minute=0", "-Dflytrap.ingest.failure-budget.per-key-per-minute=0")));
        configurations.add(new Configuration("streaming + budget (defaults)", classpath, List.of()));

        byte[] envelope = abusiveEnvelope();
        System.out.printf(Locale.ROOT, "Flood: %d connections, each posting a %d-byte gzip'd envelope (an invalid first item, "
                + "then 48 items of 1 MB) for %d s or %d requests in all; health probed every %d ms, %d s idle first.%n",
                CONNECTIONS, envelope.length, floodSeconds, floodMax, PROBE_EVERY_MS, idleSeconds);
        List<Result> results = new ArrayList<>();
        for (Configuration configuration : configurations) {
            results.add(run(configuration, envelope, idleSeconds, floodSeconds, floodMax));
        }

        System.out.println();
        System.out.println("| server | health p50 idle / flood (ms) | health p99 idle / flood (ms) | **p99 flood / p99 idle** "
                + "| flood requests answered | by status | server CPU per abusive request (ms) |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Result result : results) {
            System.out.printf(Locale.ROOT, "| %s | %.1f / %.1f | %.1f / %.1f | **%.1f** | %d | %s | %.2f |%n", result.name(),
                    percentile(result.idle(), 50), percentile(result.flood(), 50), percentile(result.idle(), 99),
                    percentile(result.flood(), 99), result.ratio(), result.floodRequests(), result.statuses(),
                    result.cpuMillisPerRequest());
        }
        for (Result result : results) {
            System.out.printf(Locale.ROOT, "RATIO p99(flood)/p99(idle) %s: %.2f%n", result.name(), result.ratio());
        }
        plot(output.resolve("abusive-envelope-flood.svg"), results);
    }

    /** The recipe: an invalid first item, then 48 items of 1 MB; about 48 KB once gzipped. */
    static byte[] abusiveEnvelope() throws IOException {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gzipped)) {
            out.write("{}\n{\"type\":\"event\",\"length\":8}\nnot json\n".getBytes(StandardCharsets.US_ASCII));
            byte[] megabyte = ("{\"message\":\"" + "x".repeat(1_000_000 - 14) + "\"}").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 48; i++) {
                out.write(("{\"type\":\"event\",\"length\":" + megabyte.length + "}\n").getBytes(StandardCharsets.US_ASCII));
                out.write(megabyte);
                out.write('\n');
            }
        }
        return gzipped.toByteArray();
    }

    private static Result run(Configuration configuration, byte[] envelope, int idleSeconds, int floodSeconds, int floodMax)
            throws Exception {
        Path work = Files.createTempDirectory("flytrap-flood");
        int port = 18090 + (int) (Math.random() * 500);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", configuration.classpath()));
        command.addAll(configuration.systemProperties());
        command.addAll(List.of(IngestServer.class.getName(), work.toString(), Integer.toString(port)));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("server.log").toFile()).start();
        try {
            for (int i = 0; i < 240 && !Files.exists(work.resolve("ready")); i++) {
                if (!server.isAlive()) {
                    throw new IllegalStateException("the server stopped: " + Files.readString(work.resolve("server.log")));
                }
                Thread.sleep(500);
            }
            String key = Files.readString(work.resolve("key")).strip();
            String project = Files.readString(work.resolve("project")).strip();
            URI health = URI.create("http://127.0.0.1:" + port + "/actuator/health");
            URI target = URI.create("http://127.0.0.1:" + port + "/api/" + project + "/envelope/");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
            // The probe has a client of its own: sharing the flood's would time the client's selector thread and
            // connection pool, busy with 200 connections, rather than the server's answer
            HttpClient prober = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

            probe(prober, health, Duration.ofSeconds(2)); // warm-up, not counted
            List<Double> idle = probe(prober, health, Duration.ofSeconds(idleSeconds));

            Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
            AtomicInteger started = new AtomicInteger();
            LongAdder answered = new LongAdder();
            long deadline = System.nanoTime() + Duration.ofSeconds(floodSeconds).toNanos();
            Duration cpuBefore = server.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
            HttpRequest abusive = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
                    .header("X-Sentry-Auth", "Sentry sentry_version=7, sentry_key=" + key).header("Content-Encoding", "gzip")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(envelope)).build();
            List<Double> flood;
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < CONNECTIONS; c++) {
                    senders.submit(() -> {
                        while (System.nanoTime() < deadline && started.incrementAndGet() <= floodMax) {
                            int status;
                            try {
                                status = http.send(abusive, HttpResponse.BodyHandlers.discarding()).statusCode();
                            } catch (IOException e) {
                                status = -1;
                            }
                            statuses.merge(status, 1, Integer::sum);
                            answered.increment();
                        }
                        return null;
                    });
                }
                flood = probeWhile(prober, health, () -> answered.sum() < Math.min(started.get(), floodMax)
                        || (System.nanoTime() < deadline && started.get() < floodMax));
            }
            Duration cpuAfter = server.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
            double cpuPerRequest = (cpuAfter.minus(cpuBefore).toNanos() / 1e6) / Math.max(1, answered.sum());
            System.out.printf(Locale.ROOT, "%s: idle p99 %.1f ms, flood p99 %.1f ms, %d abusive requests %s, %.2f ms CPU each%n",
                    configuration.name(), percentile(idle, 99), percentile(flood, 99), answered.sum(), statuses, cpuPerRequest);
            return new Result(configuration.name(), idle, flood, (int) answered.sum(), statuses, cpuPerRequest);
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    /** Asks for health every 20 ms for {@code length}; the latency of each answer in ms (a failure counts as its time). */
    private static List<Double> probe(HttpClient http, URI health, Duration length) throws InterruptedException {
        List<Double> latencies = new ArrayList<>();
        long end = System.nanoTime() + length.toNanos();
        HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(60)).GET().build();
        while (System.nanoTime() < end) {
            long start = System.nanoTime();
            try {
                http.send(request, HttpResponse.BodyHandlers.discarding());
            } catch (IOException failed) {
                // a stalled or refused probe still counts with the time it took
            }
            latencies.add((System.nanoTime() - start) / 1e6);
            Thread.sleep(PROBE_EVERY_MS);
        }
        return latencies;
    }

    /** The same probe for as long as the flood runs. */
    private static List<Double> probeWhile(HttpClient http, URI health, java.util.function.BooleanSupplier flooding)
            throws InterruptedException {
        List<Double> latencies = new ArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(60)).GET().build();
        while (flooding.getAsBoolean() || latencies.isEmpty()) {
            long start = System.nanoTime();
            try {
                http.send(request, HttpResponse.BodyHandlers.discarding());
            } catch (IOException failed) {
                // a stalled or refused probe still counts with the time it took
            }
            latencies.add((System.nanoTime() - start) / 1e6);
            Thread.sleep(PROBE_EVERY_MS);
        }
        return latencies;
    }

    static double percentile(List<Double> values, double percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static void plot(Path file, List<Result> results) throws IOException {
        int[] percentiles = {50, 90, 99};
        String[] series = new String[results.size() + 1];
        series[0] = "idle (" + results.getLast().name() + ")";
        for (int i = 0; i < results.size(); i++) {
            series[i + 1] = "flood: " + results.get(i).name();
        }
        double[][] values = new double[percentiles.length][series.length];
        for (int p = 0; p < percentiles.length; p++) {
            values[p][0] = percentile(results.getLast().idle(), percentiles[p]);
            for (int i = 0; i < results.size(); i++) {
                values[p][i + 1] = percentile(results.get(i).flood(), percentiles[p]);
            }
        }
        Files.writeString(file, Plot.lines("/actuator/health latency during an abusive-envelope flood",
                "percentile", "milliseconds", percentiles, values, series));
    }
}
