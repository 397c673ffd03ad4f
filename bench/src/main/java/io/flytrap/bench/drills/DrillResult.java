package io.flytrap.bench.drills;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one drill found. Lost: answered 200 but not stored when the drill ended. Duplicated: one sequence number
 * stored as two events. {@code observations} are the drill's own measurements (time to recover, longest answer
 * during the fault, what clients were answered), in the order they were taken.
 */
record DrillResult(String build, String drill, int answered200, int stored, int lost, int duplicated,
                   List<String> observations) {

    static DrillResult of(String build, String drill, Map<Integer, String> accepted, DrillStore.Counts counts,
                          List<String> observations) {
        Set<String> stored = counts.storedEventIds();
        int lost = (int) accepted.values().stream().filter(id -> !stored.contains(id)).count();
        int storedOfAccepted = accepted.size() - lost;
        return new DrillResult(build, drill, accepted.size(), storedOfAccepted, lost, counts.duplicated(), observations);
    }

    boolean failed() {
        return lost > 0 || duplicated > 0;
    }

    String row() {
        return String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %d | %d | %s |", build, drill, answered200, stored, lost,
                duplicated, String.join("; ", observations));
    }

    /** "503 × 40, no answer × 3" for the statuses clients saw. */
    static String statuses(List<DrillLoad.Answer> answers) {
        Map<Integer, Long> counts = answers.stream().collect(Collectors.groupingBy(DrillLoad.Answer::status, TreeMap::new,
                Collectors.counting()));
        return counts.entrySet().stream().map(e -> (e.getKey() < 0 ? "no answer" : e.getKey().toString()) + " × " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    static long longestMillis(List<DrillLoad.Answer> answers) {
        return answers.stream().mapToLong(DrillLoad.Answer::millis).max().orElse(0);
    }
}
