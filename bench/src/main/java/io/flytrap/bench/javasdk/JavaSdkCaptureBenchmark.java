package io.flytrap.bench.javasdk;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.annotations.Mode;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@link CaptureBenchmarks} with JMH (forks × short single-shot iterations, about two minutes), prints the
 * calling-thread cost per capture with the Flytrap / Sentry ratio, the jar sizes and runtime dependency counts, and
 * writes docs/performance/java-sdk-capture.md.
 *
 * <p>Arguments: the output directory (docs/performance), the number of runtime dependencies of flytrap-java (from
 * Maven).
 */
public final class JavaSdkCaptureBenchmark {

    private JavaSdkCaptureBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/performance");
        String flytrapDependencies = args.length > 1 ? args[1] : "?";
        int forks = Integer.getInteger("bench.forks", 3);
        Path counts = Files.createTempFile("java-sdk-capture", ".txt");
        Options options = new OptionsBuilder()
                .include(CaptureBenchmarks.class.getName() + "\\.")
                .mode(Mode.SingleShotTime)
                .timeUnit(TimeUnit.MICROSECONDS)
                .warmupIterations(30)
                .measurementIterations(60)
                .forks(forks)
                .jvmArgsAppend("-Xmx1g", "-Dbench.counts=" + counts)
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();

        Map<String, double[]> perCapture = new LinkedHashMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark().replaceAll(".*\\.", "");
            double score = result.getPrimaryResult().getScore() / CaptureBenchmarks.BATCH;
            double error = result.getPrimaryResult().getScoreError() / CaptureBenchmarks.BATCH;
            perCapture.put(name, new double[] {score, error});
        }
        double baseline = perCapture.get("baseline")[0];
        double flytrap = perCapture.get("flytrap")[0];
        double sentry = perCapture.get("sentry")[0];
        List<String> countLines = Files.readAllLines(counts);
        Files.deleteIfExists(counts);

        File flytrapJar = jar("flytrap-java");
        File sentryJar = jar("sentry-" + io.sentry.SentryOptions.class.getPackage().getImplementationVersion());
        StringBuilder md = new StringBuilder();
        md.append("# Java SDK capture cost\n\n");
        md.append("`bench/java-sdk-capture.sh`, ").append(LocalDate.now()).append(", JDK ")
                .append(System.getProperty("java.version")).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores. JMH 1.37, single-shot batches of ").append(CaptureBenchmarks.BATCH)
                .append(" captures, 30 warm-up + 60 measured batches per fork, ").append(forks)
                .append(" forks per benchmark. Mean ± 99.9 % error per capture, on the calling thread.\n\n");
        md.append("| benchmark | µs / capture | ± | net of making the exception (µs) | / sentry (total) | / sentry (net) |\n");
        md.append("|---|---|---|---|---|---|\n");
        row(md, "baseline: make a fresh exception (~20 frames)", perCapture.get("baseline"), Double.NaN, sentry, baseline);
        row(md, "flytrap-java 0.1.0 `Flytrap.captureException`", perCapture.get("flytrap"), flytrap - baseline, sentry, baseline);
        row(md, "io.sentry:sentry " + io.sentry.SentryOptions.class.getPackage().getImplementationVersion()
                + " `Sentry.captureException` (no-op transport)", perCapture.get("sentry"), sentry - baseline, sentry, baseline);
        md.append("\nEvents built per fork (counted in each SDK's beforeSend; Flytrap's also counts queue drops):\n\n");
        for (String line : countLines) {
            md.append("- ").append(line).append('\n');
        }
        md.append("\n| artifact | jar bytes | runtime dependencies |\n|---|---|---|\n");
        md.append("| flytrap-java 0.1.0 | ").append(String.format(Locale.ROOT, "%,d", flytrapJar.length())).append(" | ")
                .append(flytrapDependencies).append(" |\n");
        md.append("| io.sentry:sentry ").append(io.sentry.SentryOptions.class.getPackage().getImplementationVersion()).append(" | ")
                .append(String.format(Locale.ROOT, "%,d", sentryJar.length())).append(" | ").append(compileDependencies(sentryJar))
                .append(" |\n");
        String ratio = String.format(Locale.ROOT, "%.3f", flytrap / sentry);
        String netRatio = String.format(Locale.ROOT, "%.3f", (flytrap - baseline) / (sentry - baseline));
        md.append("\nRatio flytrap / sentry: **").append(ratio).append("** (total), **").append(netRatio)
                .append("** (net of making the exception). Target: at most 0.5.\n");
        Files.createDirectories(out);
        Files.writeString(out.resolve("java-sdk-capture.md"), md.toString());
        System.out.println();
        System.out.println(md);
        System.out.println("flytrap / sentry = " + ratio + " (net " + netRatio + ")");
    }

    private static void row(StringBuilder md, String label, double[] score, double net, double sentry, double baseline) {
        md.append("| ").append(label).append(" | ").append(f(score[0])).append(" | ").append(f(score[1])).append(" | ")
                .append(Double.isNaN(net) ? "" : f(net)).append(" | ")
                .append(Double.isNaN(net) ? "" : String.format(Locale.ROOT, "%.3f", score[0] / sentry)).append(" | ")
                .append(Double.isNaN(net) ? "" : String.format(Locale.ROOT, "%.3f", net / (sentry - baseline))).append(" |\n");
    }

    private static String f(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static File jar(String prefix) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            File file = new File(entry);
            if (file.getName().startsWith(prefix) && file.getName().endsWith(".jar")) {
                return file;
            }
        }
        throw new IllegalStateException(prefix + "*.jar is not on the classpath");
    }

    /** Compile and runtime dependencies declared in the jar's own Maven pom (the one published with it). */
    private static long compileDependencies(File jar) throws Exception {
        Path pom = jar.toPath().resolveSibling(jar.getName().replaceAll("\\.jar$", ".pom"));
        String text = Files.readString(pom);
        Matcher section = Pattern.compile("(?s)<dependencies>(.*?)</dependencies>").matcher(text.replaceAll("(?s)<dependencyManagement>.*?</dependencyManagement>", ""));
        if (!section.find()) {
            return 0;
        }
        return Pattern.compile("(?s)<dependency>(.*?)</dependency>").matcher(section.group(1)).results()
                .filter(m -> !m.group(1).matches("(?s).*<scope>(test|provided)</scope>.*") && !m.group(1).contains("<optional>true"))
                .count();
    }
}
