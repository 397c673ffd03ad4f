package io.flytrap.core.database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Issue #20, item 1. pg_ctl daemonises the embedded PostgreSQL, so it outlives a JVM killed with kill -9 (its
 * parent becomes pid 1). The next start would pick a new port and fail on the postmaster.pid it left, so before
 * starting, a postmaster still serving this data directory is stopped cleanly (fast shutdown: sessions are ended,
 * a shutdown checkpoint is written, nothing committed is lost), and waited for.
 * <p>
 * Why stop it rather than reuse it: the library can only start a server, not adopt one, and a stop takes about a
 * second; the orphan's port and settings may also differ from what this start would choose.
 * <p>
 * The pid file of a live postmaster is never deleted (PostgreSQL would then run twice on the same data: corruption).
 * It is deleted only when its process is alive and is certainly no postmaster of this directory (a reused pid);
 * when the process is gone, PostgreSQL sees the file is stale and replaces it by itself.
 */
final class OrphanPostmaster {

    private static final Logger log = LoggerFactory.getLogger(OrphanPostmaster.class);
    private static final long STOP_SECONDS = 60;

    private OrphanPostmaster() {
    }

    static void stopIfServing(Path dataDirectory) throws IOException {
        Optional<PostmasterPidFile> pidFile = PostmasterPidFile.in(dataDirectory);
        if (pidFile.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> process = pidFile.get().liveProcess();
        if (process.isEmpty()) {
            log.info("{} names pid {}, which is gone: PostgreSQL replaces the stale file itself", pidFile.get().file(),
                    pidFile.get().pid());
            return;
        }
        ProcessHandle.Info info = process.get().info();
        Optional<String> command = info.command();
        Optional<String[]> arguments = info.arguments();
        if (command.isEmpty() || (isPostgres(command.get()) && arguments.isEmpty())) {
            // not allowed to look at the process (another user's): it might be the postmaster, so nothing is touched
            throw new IllegalStateException("Process " + pidFile.get().pid() + " named in " + pidFile.get().file()
                    + " is running and cannot be inspected: stop it if it is a PostgreSQL serving this directory");
        }
        if (!isPostgres(command.get()) || !servesDirectory(Arrays.asList(arguments.get()), dataDirectory)) {
            log.warn("{} names pid {}, now {}, no PostgreSQL of this directory: removing the stale file",
                    pidFile.get().file(), pidFile.get().pid(), command.get());
            Files.deleteIfExists(pidFile.get().file());
            return;
        }
        stop(process.get(), dataDirectory);
    }

    private static void stop(ProcessHandle postmaster, Path dataDirectory) throws IOException {
        log.warn("The embedded PostgreSQL of a previous run (pid {}) still serves {}: stopping it before starting",
                postmaster.pid(), dataDirectory);
        fastShutdown(postmaster);
        try {
            postmaster.onExit().get(STOP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the previous PostgreSQL", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("The PostgreSQL of a previous run (pid " + postmaster.pid() + ") did not stop within "
                    + STOP_SECONDS + " s: stop it, then start Flytrap again", e);
        }
        log.info("The previous embedded PostgreSQL stopped cleanly");
    }

    /**
     * SIGINT is PostgreSQL's fast shutdown. Not pg_ctl stop: it refuses to run as root, which the embedded server
     * supports; and not SIGTERM first, the smart shutdown, which waits for every session to end by itself.
     */
    private static void fastShutdown(ProcessHandle postmaster) throws IOException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid())).redirectErrorStream(true).start();
        try {
            String output = new String(kill.getInputStream().readAllBytes()).strip();
            if (kill.waitFor() != 0 && postmaster.isAlive()) {
                throw new IOException("Could not signal the previous PostgreSQL (pid " + postmaster.pid() + "): " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the previous PostgreSQL", e);
        }
    }

    private static boolean isPostgres(String command) {
        return Path.of(command).getFileName().toString().equals("postgres");
    }

    /** The postmaster runs as "postgres -D dir ...": the directory it serves is the argument after -D. */
    static boolean servesDirectory(List<String> arguments, Path dataDirectory) {
        int option = arguments.indexOf("-D");
        return option >= 0 && option + 1 < arguments.size() && samePath(Path.of(arguments.get(option + 1)), dataDirectory);
    }

    private static boolean samePath(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException unreadable) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }
}
