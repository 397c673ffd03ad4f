package io.flytrap.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used so far by this JVM and by an embedded PostgreSQL (its postmaster, the backends it has reaped and
 * those still running), read from /proc: what a benchmark divides by its events to report CPU per event, a figure
 * that a loaded machine distorts far less than a rate.
 */
final class CpuTime {

    /** Linux's USER_HZ: /proc counts CPU time in these ticks on every architecture Flytrap runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    record Sample(long jvmNanos, long postgresNanos) {
    }

    private CpuTime() {
    }

    static Sample sample(Path postgresDataDir) {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        try {
            long postmaster = Long.parseLong(Files.readAllLines(postgresDataDir.resolve("postmaster.pid")).getFirst().trim());
            long[] own = ticks(postmaster);
            long total = own[0] + own[1] + own[2] + own[3];
            for (ProcessHandle child : ProcessHandle.of(postmaster).map(p -> p.children().toList()).orElse(java.util.List.of())) {
                long[] theirs = ticks(child.pid());
                total += theirs[0] + theirs[1];
            }
            return new Sample(jvm, total * NANOS_PER_TICK);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    /** utime, stime, cutime, cstime of a process (zeros if it has just exited). */
    private static long[] ticks(long pid) throws IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        String text;
        try {
            text = Files.readString(stat);
        } catch (java.nio.file.NoSuchFileException gone) {
            return new long[4];
        }
        // the command name, in parentheses, may hold spaces: count the fields after its closing one
        String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return new long[]{Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
                Long.parseLong(fields[14])};
    }
}
