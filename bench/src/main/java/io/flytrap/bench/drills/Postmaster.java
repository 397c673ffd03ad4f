package io.flytrap.bench.drills;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The embedded PostgreSQL of a drill's Flytrap, found through its {@code postmaster.pid} (first line the pid, fourth
 * the port), so a drill can kill it, freeze it, and read what was stored.
 */
record Postmaster(long pid, int port) {

    static Optional<Postmaster> of(Path dataDir) {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile);
            Postmaster postmaster = new Postmaster(Long.parseLong(lines.get(0).strip()), Integer.parseInt(lines.get(3).strip()));
            return postmaster.process().isPresent() ? Optional.of(postmaster) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    Optional<ProcessHandle> process() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }

    /** The postmaster and every backend, checkpointer and writer it started. */
    List<ProcessHandle> all() {
        return process().stream().flatMap(p -> Stream.concat(Stream.of(p), p.descendants())).toList();
    }

    void kill9() throws InterruptedException {
        ProcessHandle postmaster = process().orElseThrow();
        postmaster.destroyForcibly();
        postmaster.onExit().join();
    }

    /** SIGSTOP to every process of the server: a database that hangs without closing a connection. */
    List<ProcessHandle> freeze() throws IOException, InterruptedException {
        List<ProcessHandle> frozen = all();
        signal("STOP", frozen);
        return frozen;
    }

    static void thaw(List<ProcessHandle> frozen) throws IOException, InterruptedException {
        signal("CONT", frozen);
    }

    private static void signal(String signal, List<ProcessHandle> processes) throws IOException, InterruptedException {
        for (ProcessHandle process : processes) {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        }
    }
}
