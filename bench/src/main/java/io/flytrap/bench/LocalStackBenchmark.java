package io.flytrap.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local stack as a user runs it (bench/local-stack.sh): {@code ./run.sh} ("after"), a jar launched as run.sh did
 * before issue #24 ({@code java -jar}, no JVM options: "before"), and a plain Spring Boot + Vaadin app with the same
 * starters ("plain", bench/plain-app), started in rotating order. Per start: process spawn → readiness UP, and the
 * stack's memory 10 s later: the JVM's RSS plus the PSS of every process of its embedded PostgreSQL (postmaster and
 * children, from /proc/PID/smaps_rollup). The plain app uses a PostgreSQL started here beforehand, so its start has
 * no database start in it, and its memory is its JVM's only. The last round's stacks stay up: memory after N events
 * sent to /api/errors and drained from the queue (before and after one at a time), then after the idle time.
 * Arguments: plain app class path, before jar, rounds, events, idle seconds, output folder, send seconds (the most
 * time spent sending to each side). Writes local-stack.md and local-stack.svg there.
 */
public final class LocalStackBenchmark {

    private static final String ADMIN_TOKEN = "local-stack-token-0123456789abcdef0123456789";
    /** The queue depth is read from /actuator/prometheus, which answers only with a metrics token (#23). */
    private static final String METRICS_TOKEN = "local-stack-metrics-0123456789abcdef";
    private static final Pattern PROJECT_ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern PUBLIC_KEY = Pattern.compile("\"publicKey\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern QUEUE_DEPTH = Pattern.compile("(?m)^flytrap_queue_depth(?:\\{[^}]*})? ([0-9.eE+]+)");
    private static final String PLAIN_USER = "bench";
    private static final String PLAIN_PASSWORD = "a long bench password";

    private LocalStackBenchmark() {
    }

    enum Side { PLAIN, BEFORE, AFTER }

    /** Memory of one stack at one moment, in kB. */
    record Memory(long jvmRssKb, long postgresPssKb) {
        long totalMb() {
            return (jvmRssKb + postgresPssKb) / 1024;
        }

        @Override
        public String toString() {
            return "JVM %d MB + PostgreSQL %d MB = %d MB".formatted(jvmRssKb / 1024, postgresPssKb / 1024, totalMb());
        }
    }

    /** One running stack. */
    record Running(Side side, Process process, int port, Path dataDir, Path log) {
    }

    public static void main(String[] args) throws Exception {
        String plainClasspath = args[0];
        Path beforeJar = Path.of(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int events = Integer.parseInt(args[3]);
        int idleSeconds = Integer.parseInt(args[4]);
        Path output = Path.of(args[5]);
        int sendSeconds = Integer.parseInt(args[6]);
        Path work = Files.createTempDirectory("local-stack");
        try (EmbeddedPostgres plainDatabase = EmbeddedPostgres.builder().start()) {
            Launcher launcher = new Launcher(plainClasspath, beforeJar, plainDatabase.getJdbcUrl("postgres", "postgres"), work);
            // untimed: run.sh's first start makes the data folder and schema and records the AOT cache (written as
            // it stops); the before side then starts on a copy of that folder, as a user's existing ~/.flytrap
            stop(launcher.awaitReady(launcher.start(Side.AFTER)), Duration.ofMinutes(5));
            copy(work.resolve("after"), work.resolve("before"));
            Map<Side, List<Long>> starts = new LinkedHashMap<>();
            Map<Side, List<Long>> settledMb = new LinkedHashMap<>();
            Map<Side, Memory[]> phases = new LinkedHashMap<>();
            List<Running> kept = new ArrayList<>();
            try {
                for (int round = 0; round < rounds; round++) {
                    List<Side> order = new ArrayList<>(List.of(Side.values()));
                    java.util.Collections.rotate(order, round);
                    for (Side side : order) {
                        long began = System.nanoTime();
                        Running running = launcher.awaitReady(launcher.start(side));
                        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
                        Thread.sleep(10_000);
                        Memory settled = memory(running);
                        starts.computeIfAbsent(side, s -> new ArrayList<>()).add(millis);
                        settledMb.computeIfAbsent(side, s -> new ArrayList<>()).add(settled.totalMb());
                        System.out.printf("round %d %s: ready in %d ms, 10 s later %s (load %s)%n", round + 1, side, millis,
                                settled, load());
                        if (round < rounds - 1) {
                            stop(running, Duration.ofMinutes(1));
                        } else {
                            // the last round's stacks stay up for the drain and the idle time
                            kept.add(running);
                            phases.put(side, new Memory[]{settled, settled, null});
                        }
                    }
                }
                int sent = events;
                for (Running running : kept) {
                    if (running.side() != Side.PLAIN) {
                        long began = System.nanoTime();
                        sent = Math.min(sent, Drain.sendAndDrain(running.port(), events, sendSeconds));
                        Memory drained = memory(running);
                        phases.get(running.side())[1] = drained;
                        System.out.printf("%s: events answered 200 and drained in %.1f s; then %s (load %s)%n",
                                running.side(), (System.nanoTime() - began) / 1e9, drained, load());
                    }
                }
                System.out.printf("all three idle for %d s...%n", idleSeconds);
                Thread.sleep(idleSeconds * 1000L);
                for (Running running : kept) {
                    phases.get(running.side())[2] = memory(running);
                }
                String report = report(starts, settledMb, phases, rounds, sent, idleSeconds);
                System.out.print(report);
                Files.writeString(output.resolve("local-stack.md"), report);
                Files.writeString(output.resolve("local-stack.svg"), Plot.bars("Local stack memory (JVM RSS + PostgreSQL PSS)",
                        "MB", new String[]{"after start", "after %,d events".formatted(sent), "after %d min idle".formatted(idleSeconds / 60)},
                        new String[]{"./run.sh (after)", "java -jar (before)", "plain app (its JVM)"},
                        new double[][]{mb(phases.get(Side.AFTER)), mb(phases.get(Side.BEFORE)), mb(phases.get(Side.PLAIN))}));
            } finally {
                for (Running running : kept) {
                    stop(running, Duration.ofMinutes(1));
                }
            }
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                // with the attributes, folders too: PostgreSQL refuses a data folder readable by others (0700)
                Files.copy(path, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static double[] mb(Memory[] memory) {
        return java.util.Arrays.stream(memory).mapToDouble(Memory::totalMb).toArray();
    }

    private static String report(Map<Side, List<Long>> starts, Map<Side, List<Long>> settled, Map<Side, Memory[]> phases,
                                 int rounds, int events, int idleSeconds) {
        long plain = median(starts.get(Side.PLAIN));
        long before = median(starts.get(Side.BEFORE));
        long after = median(starts.get(Side.AFTER));
        StringBuilder md = new StringBuilder();
        md.append("| start: spawn → readiness UP | median ms | ÷ plain app | starts (ms) |\n|---|---|---|---|\n");
        md.append("| plain Spring Boot + Vaadin, same starters | %d | 1.00 | %s |%n".formatted(plain, starts.get(Side.PLAIN)));
        md.append("| Flytrap as run.sh ran it before (`java -jar`) | %d | %.2f | %s |%n".formatted(before, before / (double) plain, starts.get(Side.BEFORE)));
        md.append("| Flytrap with `./run.sh` (after) | %d | %.2f | %s |%n".formatted(after, after / (double) plain, starts.get(Side.AFTER)));
        md.append("\nMemory 10 s after each timed start, median MB (JVM RSS + PostgreSQL PSS): plain %d, before %d, after %d.%n%n"
                .formatted(median(settled.get(Side.PLAIN)), median(settled.get(Side.BEFORE)), median(settled.get(Side.AFTER))));
        md.append("| memory, MB (JVM RSS + PostgreSQL PSS) | after start | after %,d events drained | after %d s idle |%n|---|---|---|---|%n"
                .formatted(events, idleSeconds));
        for (Side side : List.of(Side.AFTER, Side.BEFORE, Side.PLAIN)) {
            Memory[] m = phases.get(side);
            md.append("| %s | %s | %s | %s |%n".formatted(side.name().toLowerCase(), cell(m[0]), side == Side.PLAIN ? "–" : cell(m[1]), cell(m[2])));
        }
        Memory[] a = phases.get(Side.AFTER);
        Memory[] b = phases.get(Side.BEFORE);
        md.append("| after ÷ before | %.2f | %.2f | %.2f |%n".formatted(a[0].totalMb() / (double) b[0].totalMb(),
                a[1].totalMb() / (double) b[1].totalMb(), a[2].totalMb() / (double) b[2].totalMb()));
        md.append("""

                %d round(s), each side started once per round in rotating order, after one untimed start of run.sh \
                (schema, AOT cache); the before side runs on a copy of that data folder. "plain" runs on a PostgreSQL \
                started beforehand (no database start in its time; its memory is its JVM's only). The last round's \
                three stay up: events are sent to before and after one at a time (for at most the send time), the \
                queue drained, then all three idle. Before: `java -jar` of the before jar, no JVM options.
                """.formatted(rounds));
        return md.toString();
    }

    private static String cell(Memory m) {
        return m.postgresPssKb() == 0 ? Long.toString(m.totalMb())
                : "%d (%d + %d)".formatted(m.totalMb(), m.jvmRssKb() / 1024, m.postgresPssKb() / 1024);
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    /** JVM RSS, and the PSS of the embedded PostgreSQL's postmaster and its children. */
    static Memory memory(Running running) throws IOException {
        long rss = statusKb(running.process().pid(), "VmRSS:");
        long pss = 0;
        if (running.dataDir() != null) {
            Path pidFile = running.dataDir().resolve("postgres/postmaster.pid");
            long postmaster = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
            pss += pssKb(postmaster);
            for (ProcessHandle child : ProcessHandle.of(postmaster).orElseThrow().children().toList()) {
                pss += pssKb(child.pid());
            }
        }
        return new Memory(rss, pss);
    }

    private static long statusKb(long pid, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith(field)).mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                .findFirst().orElseThrow();
    }

    private static long pssKb(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup")).stream()
                    .filter(line -> line.startsWith("Pss:")).mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                    .findFirst().orElse(0);
        } catch (IOException gone) {
            return 0; // a backend that ended meanwhile
        }
    }

    private static void stop(Running running, Duration within) throws InterruptedException {
        running.process().destroy();
        if (!running.process().waitFor(within.toSeconds(), TimeUnit.SECONDS)) {
            running.process().destroyForcibly().waitFor();
        }
    }

    /** Starts each side on a free loopback port, Flytrap sides on a data folder of their own kept across starts. */
    private record Launcher(String plainClasspath, Path beforeJar, String plainDatabaseUrl, Path work) {

        Running start(Side side) throws IOException {
            int port = freePort();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>();
            Path dataDir = side == Side.PLAIN ? null : work.resolve(side.name().toLowerCase());
            switch (side) {
                case PLAIN -> command.addAll(List.of(java, "-cp", plainClasspath, "plain.PlainApp",
                        "--spring.datasource.url=" + plainDatabaseUrl, "--spring.datasource.username=postgres",
                        "--spring.security.user.name=" + PLAIN_USER, "--spring.security.user.password=" + PLAIN_PASSWORD,
                        "--management.endpoint.health.probes.enabled=true", "--vaadin.allowed-packages=plain,com.vaadin",
                        "--vaadin.productionMode=true",
                        "--server.port=" + port));
                case BEFORE -> command.addAll(List.of(java, "-jar", beforeJar.toString()));
                case AFTER -> command.add("./run.sh");
            }
            if (side != Side.PLAIN) {
                // the ingest quota (12,000 a minute per project) would make the drain a 9-minute wait
                command.add("--flytrap.ingest.rate-limit.project-per-minute=100000000");
                command.add("--flytrap.ingest.rate-limit.global-per-second=1000000");
            }
            command.addAll(List.of("--server.address=127.0.0.1", "--logging.level.root=WARN"));
            Path log = work.resolve(side.name().toLowerCase() + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> env = builder.environment();
            List.of("FLYTRAP_DB_URL", "FLYTRAP_JAVA_OPTS", "FLYTRAP_AOT_CACHE", "JAVA_TOOL_OPTIONS").forEach(env::remove);
            env.put("PORT", Integer.toString(port));
            if (dataDir != null) {
                env.put("FLYTRAP_DATA_DIR", dataDir.toString());
                env.put("FLYTRAP_ADMIN_EMAIL", "bench@example.com");
                env.put("FLYTRAP_ADMIN_PASSWORD", PLAIN_PASSWORD);
                env.put("FLYTRAP_ADMIN_TOKEN", ADMIN_TOKEN);
                env.put("FLYTRAP_METRICS_TOKEN", METRICS_TOKEN);
            }
            return new Running(side, builder.start(), port, dataDir, log);
        }

        Running awaitReady(Running running) throws Exception {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
            HttpRequest.Builder probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.port()
                    + "/actuator/health/readiness")).timeout(Duration.ofSeconds(1));
            if (running.side() == Side.PLAIN) {
                probe.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (PLAIN_USER + ":" + PLAIN_PASSWORD).getBytes(StandardCharsets.UTF_8)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (System.nanoTime() < deadline) {
                if (!running.process().isAlive()) {
                    throw new IllegalStateException(running.side() + " exited with " + running.process().exitValue()
                            + "; log: " + running.log());
                }
                try {
                    HttpResponse<String> answer = http.send(probe.build(), HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 200 && answer.body().contains("\"UP\"")) {
                        return running;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(50);
            }
            running.process().destroyForcibly();
            throw new IllegalStateException(running.side() + " not ready after 300 s; log: " + running.log());
        }
    }

    /** Sends native events to a running Flytrap until N are answered 200, then waits until its queue is empty. */
    private static final class Drain {

        /** Sends for at most sendSeconds; returns how many events were answered 200 (all of them then drained). */
        static int sendAndDrain(int port, int events, int sendSeconds) throws Exception {
            String base = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/projects"))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Local stack %d\",\"platform\":\"javascript\"}"
                            .formatted(System.nanoTime()))).build(), HttpResponse.BodyHandlers.ofString());
            Matcher id = PROJECT_ID.matcher(created.body());
            Matcher key = PUBLIC_KEY.matcher(created.body());
            if (created.statusCode() != 201 || !id.find() || !key.find()) {
                throw new IllegalStateException("creating a project: " + created.statusCode() + " " + created.body());
            }
            AtomicInteger next = new AtomicInteger();
            AtomicInteger accepted = new AtomicInteger();
            long sendDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(sendSeconds);
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 32; c++) {
                clients.add(Thread.ofVirtual().start(() -> {
                    for (int seq = next.getAndIncrement(); seq < events && System.nanoTime() < sendDeadline; ) {
                        if (post(http, base, key.group(1), id.group(1), seq)) {
                            accepted.incrementAndGet();
                            seq = next.getAndIncrement();
                        }
                    }
                }));
            }
            for (Thread client : clients) {
                client.join();
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
            while (System.nanoTime() < deadline) {
                HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus"))
                                .header("Authorization", "Bearer " + METRICS_TOKEN).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (metrics.statusCode() != 200) {
                    // a refused scrape would otherwise read as "not drained yet" for 15 minutes
                    throw new IllegalStateException("reading the queue depth: HTTP " + metrics.statusCode());
                }
                Matcher depth = QUEUE_DEPTH.matcher(metrics.body());
                if (depth.find() && Double.parseDouble(depth.group(1)) == 0) {
                    return accepted.get();
                }
                Thread.sleep(1000);
            }
            throw new IllegalStateException("the queue was not drained within 15 minutes");
        }

        /** One event, one of 200 kinds (so there are issues to group into); false when not answered 200. */
        private static boolean post(HttpClient http, String base, String key, String projectId, int seq) {
            String body = """
                    {"data":{"error":{"name":"LocalStackError%d","message":"local stack event %d",
                      "stack":"LocalStackError: bench\\n    at checkout (https://shop.example/app.js:1:%d)"},
                      "handled":false,"project_id":"%s","release":"bench@1","environment":"bench"}}"""
                    .formatted(seq % 200, seq, seq % 200 + 1, projectId);
            try {
                return http.send(HttpRequest.newBuilder(URI.create(base + "/api/errors")).timeout(Duration.ofSeconds(10))
                        .header("content-type", "application/json").header("x-api-key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
