package io.flytrap.core.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The embedded PostgreSQL server of this run, which can be started again on the same port after it died, so that
 * the connection pool, which knows only that port, reconnects by itself.
 */
final class EmbeddedDatabase implements AutoCloseable {

    /** Starts PostgreSQL on the data directory; port 0 lets the library choose a free one. */
    @FunctionalInterface
    interface Starter {
        EmbeddedPostgres start(int port) throws IOException;
    }

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final Path dataDirectory;
    private final Starter starter;
    private final int port;
    private EmbeddedPostgres server;
    private ProcessHandle postmaster;
    private boolean closed;

    private EmbeddedDatabase(Path dataDirectory, Starter starter, EmbeddedPostgres server) throws IOException {
        this.dataDirectory = dataDirectory;
        this.starter = starter;
        this.server = server;
        this.port = server.getPort();
        this.postmaster = postmasterOf(dataDirectory);
        // One hook for the whole run, instead of the library's hook per server: a server restarted by the
        // supervisor is stopped at exit too, and a server stopping at exit is not taken for one that died.
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "embedded-postgres-shutdown"));
    }

    /**
     * Stops a postmaster left serving the directory by a previous run (see {@link OrphanPostmaster}), then starts
     * this run's server.
     */
    static EmbeddedDatabase start(Path dataDirectory, Starter starter) throws IOException {
        OrphanPostmaster.stopIfServing(dataDirectory);
        return new EmbeddedDatabase(dataDirectory, starter, starter.start(0));
    }

    int port() {
        return port;
    }

    synchronized EmbeddedPostgres server() {
        return server;
    }

    /** False once the postmaster process is gone (killed, crashed), until {@link #restart()}. */
    synchronized boolean isRunning() {
        return closed || postmaster.isAlive();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Starts the server again on the same port after its postmaster died. Fails (to be tried again) while the dead
     * postmaster's own processes still hold its shared memory: PostgreSQL refuses to start beside them.
     */
    synchronized void restart() throws IOException {
        if (closed) {
            return;
        }
        closeQuietly(server);
        server = starter.start(port);
        postmaster = postmasterOf(dataDirectory);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeQuietly(server);
        }
    }

    private static void closeQuietly(EmbeddedPostgres server) {
        try {
            // also releases the library's lock on the data directory, which a new server needs
            server.close();
        } catch (IOException | RuntimeException e) {
            log.warn("Stopping the embedded PostgreSQL failed: {}", e.toString());
        }
    }

    private static ProcessHandle postmasterOf(Path dataDirectory) throws IOException {
        Optional<ProcessHandle> postmaster = PostmasterPidFile.in(dataDirectory).flatMap(PostmasterPidFile::liveProcess);
        return postmaster.orElseThrow(() -> new IOException("The embedded PostgreSQL in " + dataDirectory
                + " started but runs no postmaster"));
    }
}
