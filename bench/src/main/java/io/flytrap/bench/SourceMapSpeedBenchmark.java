package io.flytrap.bench;

import io.flytrap.core.sourcemaps.OriginalPosition;
import io.flytrap.core.sourcemaps.SourceMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Flytrap's source map parser and lookup on a ~5 MB real-world map (three.js, d3 and lodash bundled and minified
 * by esbuild), beside Mozilla's source-map (WASM) and @jridgewell/trace-mapping timed by speed.mjs on the same map
 * and the same 10,000 positions in the same script run. Also checks that every answer equals trace-mapping's.
 * Targets (issue #5): parse within 2x of the fastest, lookups under 1 µs each.
 */
public final class SourceMapSpeedBenchmark {

    private SourceMapSpeedBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        List<String> nodeResults = Files.readAllLines(Path.of(args[2]));
        byte[] mapBytes = Files.readAllBytes(dir.resolve("big.min.js.map"));
        JsonNode positions = JsonMapper.builder().build().readTree(Files.readString(dir.resolve("positions.json")));
        int[] lines = new int[positions.size()];
        int[] columns = new int[positions.size()];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = positions.get(i).get("line").intValue();
            columns[i] = positions.get(i).get("column").intValue();
        }

        // Warm-up: let the JIT compile the parser and the lookup before anything is timed
        for (int i = 0; i < 15; i++) {
            SourceMap warm = SourceMap.parse(mapBytes);
            for (int p = 0; p < lines.length; p++) {
                warm.lookup(lines[p], columns[p]);
            }
        }
        double[] parseMillis = new double[rounds];
        double[] lookupMillis = new double[rounds];
        SourceMap map = null;
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            map = SourceMap.parse(mapBytes);
            parseMillis[round] = (System.nanoTime() - start) / 1e6;
            long sink = 0;
            start = System.nanoTime();
            for (int p = 0; p < lines.length; p++) {
                sink += map.lookup(lines[p], columns[p]).map(OriginalPosition::line).orElse(0);
            }
            lookupMillis[round] = (System.nanoTime() - start) / 1e6;
            if (sink == 42) {
                System.out.print(""); // keeps the lookups from being optimised away
            }
        }
        int mismatches = 0;
        for (int p = 0; p < lines.length; p++) {
            JsonNode expected = positions.get(p);
            Optional<OriginalPosition> ours = map.lookup(lines[p], columns[p]);
            boolean same = expected.get("source").isNull() ? ours.isEmpty()
                    : ours.isPresent() && ours.get().source().equals(expected.get("source").stringValue())
                    && ours.get().line() == expected.get("originalLine").intValue()
                    && ours.get().column() == expected.get("originalColumn").intValue();
            mismatches += same ? 0 : 1;
        }

        JsonMapper json = JsonMapper.builder().build();
        double flytrapParse = median(parseMillis);
        double flytrapLookup = median(lookupMillis);
        double fastestParse = flytrapParse;
        StringBuilder table = new StringBuilder("| library | parse ms (median) | 10,000 lookups ms | µs per lookup | parse / fastest |\n|---|---|---|---|---|\n");
        for (String line : nodeResults) {
            fastestParse = Math.min(fastestParse, json.readTree(line).get("parseMillis").doubleValue());
        }
        for (String line : nodeResults) {
            JsonNode result = json.readTree(line);
            double parse = result.get("parseMillis").doubleValue();
            double lookup = result.get("lookupMillis").doubleValue();
            table.append(String.format(Locale.ROOT, "| %s | %.1f | %.2f | %.3f | %.2f |%n", result.get("library").stringValue(),
                    parse, lookup, lookup * 1000 / lines.length, parse / fastestParse));
        }
        table.append(String.format(Locale.ROOT, "| Flytrap SourceMap (Java) | %.1f | %.2f | %.3f | %.2f |%n",
                flytrapParse, flytrapLookup, flytrapLookup * 1000 / lines.length, flytrapParse / fastestParse));
        System.out.printf(Locale.ROOT, "%nSource map: %d bytes, %d mappings; %d positions; median of %d rounds each%n%n",
                mapBytes.length, map.segmentCount(), lines.length, rounds);
        System.out.println(table);
        System.out.printf(Locale.ROOT, "answers equal to trace-mapping's: %d of %d%n", lines.length - mismatches, lines.length);
        System.out.printf(Locale.ROOT, "targets: parse within 2x of the fastest: %s (%.2fx); lookup under 1 µs: %s (%.3f µs)%n",
                flytrapParse <= 2 * fastestParse ? "met" : "NOT met", flytrapParse / fastestParse,
                flytrapLookup * 1000 / lines.length < 1 ? "met" : "NOT met", flytrapLookup * 1000 / lines.length);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
