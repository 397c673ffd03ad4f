package io.flytrap.bench.start;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start time and idle memory of two builds of the one-process app, to price a change in the same run (issue #21
 * used it to measure Hibernate for the admin domain: see docs/architecture.md, Persistence). Both jars run against one PostgreSQL started here (so the app's own embedded
 * server, whose start is the same for both, is not in the numbers), alternating ABBA, with identical JVM flags.
 * Per start: process spawn → readiness UP; then, after the idle time, VmRSS from /proc, loaded classes, and the
 * heap in use after a full GC (jcmd). With {@code nmt=true} both sides also run with native memory tracking and
 * the last round prints each side's summary (where the megabytes go). Arguments: before jar, after jar, rounds,
 * idle seconds, output markdown file, optional {@code nmt=true}. The environment variable BENCH_AFTER_ARGS adds
 * application arguments to the after side only (one lever at a time, e.g.
 * {@code --spring.jpa.properties.hibernate.hbm2ddl.auto=none}).
 */
public final class DashboardStartBenchmark {

    /** The flags both sides get: the heap limit FaultDrills' FlytrapProcess uses, nothing else tuned. */
    static final List<String> JVM_FLAGS = List.of("-Xmx512m");

    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total[^,]*, committed \\d+K, used (\\d+)K");

    private DashboardStartBenchmark() {
    }

    record Sample(long startMillis, long rssKb, long heapUsedKb, long classes) {
    }

    public static void main(String[] args) throws Exception {
        Path before = Path.of(args[0]);
        Path after = Path.of(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int idleSeconds = Integer.parseInt(args[3]);
        Path output = Path.of(args[4]);
        boolean nmt = args.length > 5 && args[5].equals("nmt=true");
        List<String> flags = new ArrayList<>(JVM_FLAGS);
        if (nmt) {
            flags.add("-XX:NativeMemoryTracking=summary");
        }
        List<String> afterArgs = System.getenv().getOrDefault("BENCH_AFTER_ARGS", "").isBlank() ? List.of()
                : List.of(System.getenv("BENCH_AFTER_ARGS").strip().split("\\s+"));
        Path work = Files.createTempDirectory("dashboard-start");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            // untimed: the first start migrates the schema; one each warms the page cache for both jars alike
            run(before, url, flags, List.of(), work, 0, false);
            run(after, url, flags, afterArgs, work, 0, false);
            List<Sample> beforeSamples = new ArrayList<>();
            List<Sample> afterSamples = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                boolean last = round == rounds - 1;
                boolean beforeFirst = round % 2 == 0;
                Path first = beforeFirst ? before : after;
                Path second = beforeFirst ? after : before;
                Sample a = run(first, url, flags, beforeFirst ? List.of() : afterArgs, work, idleSeconds, nmt && last);
                Sample b = run(second, url, flags, beforeFirst ? afterArgs : List.of(), work, idleSeconds, nmt && last);
                beforeSamples.add(beforeFirst ? a : b);
                afterSamples.add(beforeFirst ? b : a);
                System.out.printf("round %d: before %s | after %s%n", round + 1, beforeSamples.getLast(), afterSamples.getLast());
            }
            String table = table(beforeSamples, afterSamples, rounds, idleSeconds, flags)
                    + (afterArgs.isEmpty() ? "" : "After side also with `%s`.%n".formatted(String.join(" ", afterArgs)));
            System.out.println();
            System.out.print(table);
            Files.writeString(output, table);
        }
    }

    private static String table(List<Sample> before, List<Sample> after, int rounds, int idleSeconds, List<String> flags) {
        StringBuilder table = new StringBuilder("""
                | dashboard (one-process app) | before, median | after, median | after ÷ before |
                |---|---|---|---|
                """);
        row(table, "start: spawn → readiness UP (ms)", before, after, Sample::startMillis);
        row(table, "RSS after %d s idle (MB)".formatted(idleSeconds), before, after, s -> s.rssKb() / 1024);
        row(table, "heap used after a full GC (MB)", before, after, s -> s.heapUsedKb() / 1024);
        row(table, "classes loaded", before, after, Sample::classes);
        table.append("\nMedians of %d starts each, alternating, one shared PostgreSQL; JVM flags `%s`.\n"
                .formatted(rounds, String.join(" ", flags)));
        return table.toString();
    }

    private static void row(StringBuilder table, String name, List<Sample> before, List<Sample> after,
                            java.util.function.ToLongFunction<Sample> value) {
        long b = median(before.stream().mapToLong(value).sorted().toArray());
        long a = median(after.stream().mapToLong(value).sorted().toArray());
        table.append("| %s | %d | %d | %.2f |%n".formatted(name, b, a, a / (double) b));
    }

    private static long median(long[] sorted) {
        return sorted[sorted.length / 2];
    }

    private static Sample run(Path jar, String dbUrl, List<String> flags, List<String> appArgs, Path work, int idleSeconds,
                              boolean printNmt) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(flags);
        command.addAll(List.of("-jar", jar.toString(), "--server.address=127.0.0.1", "--logging.level.root=WARN"));
        command.addAll(appArgs);
        Path log = work.resolve("app.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("PORT", Integer.toString(port), "FLYTRAP_DB_URL", dbUrl,
                "FLYTRAP_DB_USER", "postgres", "FLYTRAP_DB_PASSWORD", "",
                "FLYTRAP_DATA_DIR", work.resolve("data").toString(),
                "FLYTRAP_ADMIN_EMAIL", "bench@example.com", "FLYTRAP_ADMIN_PASSWORD", "a long bench password"));
        long start = System.nanoTime();
        Process process = builder.start();
        try {
            awaitReady(process, port, log);
            long startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            Thread.sleep(idleSeconds * 1000L);
            long rss = rssKb(process.pid());
            long classes = perfCounter(process.pid(), "java.cls.loadedClasses") - perfCounter(process.pid(), "java.cls.unloadedClasses");
            jcmd(process.pid(), "GC.run");
            Matcher heap = HEAP_USED.matcher(jcmd(process.pid(), "GC.heap_info"));
            long heapUsed = heap.find() ? Long.parseLong(heap.group(1)) : -1;
            if (printNmt) {
                System.out.println("== native memory, " + jar.getFileName() + "\n" + jcmd(process.pid(), "VM.native_memory", "summary"));
                // with BENCH_AFTER_ARGS raising log levels: when the persistence unit was built, against the start
                Files.readAllLines(log).stream().filter(line -> line.contains("EntityManagerFactory") || line.contains("Started ")
                        || line.contains("HHH")).forEach(line -> System.out.println("log: " + line));
            }
            return new Sample(startMillis, rss, heapUsed, classes);
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static void awaitReady(Process process, int port, Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> answer = http.send(probe, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("not ready after 300 s:\n" + Files.readString(log));
    }

    private static long rssKb(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                .findFirst().orElseThrow();
    }

    private static long perfCounter(long pid, String name) throws Exception {
        for (String line : jcmd(pid, "PerfCounter.print").split("\n")) {
            if (line.startsWith(name + "=")) {
                return Long.parseLong(line.substring(name.length() + 1).strip());
            }
        }
        return 0;
    }

    private static String jcmd(long pid, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor();
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
