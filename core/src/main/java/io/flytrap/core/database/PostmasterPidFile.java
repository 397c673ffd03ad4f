package io.flytrap.core.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The postmaster.pid PostgreSQL keeps in its data directory while it runs: its first line is the postmaster's
 * process id, its fourth the port. A postmaster that was killed (or outlived the JVM that started it) leaves it
 * behind, so it says which process may still serve the directory, not that one does.
 */
record PostmasterPidFile(Path file, long pid, int port) {

    static final String NAME = "postmaster.pid";

    static Optional<PostmasterPidFile> in(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolve(NAME);
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException none) {
            return Optional.empty();
        }
        if (lines.isEmpty() || lines.getFirst().isBlank()) {
            // PostgreSQL writes the file in steps: a postmaster that is just starting may not have written its pid yet
            return Optional.empty();
        }
        long pid = Long.parseLong(lines.getFirst().strip());
        int port = lines.size() > 3 && !lines.get(3).isBlank() ? Integer.parseInt(lines.get(3).strip()) : 0;
        return Optional.of(new PostmasterPidFile(file, pid, port));
    }

    Optional<ProcessHandle> liveProcess() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }
}
