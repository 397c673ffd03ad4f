package io.flytrap.core.database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Issue #20, item 3: nothing restarted the embedded PostgreSQL after its postmaster was killed, and Flytrap stayed
 * down. This watches the postmaster process and, once it is gone, starts the server again on the same port, trying
 * again with a doubling pause up to a bound while it cannot (the dead server's processes take a moment to go).
 * Meanwhile the health check answers DOWN and ingest refuses events; once restarted, the pool reconnects by itself.
 */
final class EmbeddedDatabaseSupervisor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseSupervisor.class);

    private final EmbeddedDatabase database;
    private final Duration checkEvery;
    private final Duration firstPause;
    private final Duration longestPause;
    private volatile Thread watcher;

    EmbeddedDatabaseSupervisor(EmbeddedDatabase database, Duration checkEvery, Duration firstPause, Duration longestPause) {
        this.database = database;
        this.checkEvery = checkEvery;
        this.firstPause = firstPause;
        this.longestPause = longestPause;
    }

    void start() {
        watcher = Thread.ofPlatform().daemon().name("embedded-postgres-supervisor").start(this::watch);
    }

    private void watch() {
        try {
            while (!database.isClosed()) {
                Thread.sleep(checkEvery);
                if (!database.isRunning()) {
                    restart();
                }
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    private void restart() throws InterruptedException {
        log.error("The embedded PostgreSQL stopped: restarting it on port {}", database.port());
        long started = System.nanoTime();
        Duration pause = firstPause;
        for (int attempt = 1; !database.isClosed(); attempt++) {
            try {
                database.restart();
                log.warn("The embedded PostgreSQL runs again on port {} after {} attempt(s), {} ms", database.port(),
                        attempt, (System.nanoTime() - started) / 1_000_000);
                return;
            } catch (Exception e) {
                log.warn("Restarting the embedded PostgreSQL failed (attempt {}), trying again in {} ms: {}", attempt,
                        pause.toMillis(), e.toString());
            }
            Thread.sleep(pause);
            pause = pause.multipliedBy(2).compareTo(longestPause) > 0 ? longestPause : pause.multipliedBy(2);
        }
    }

    @Override
    public void close() throws InterruptedException {
        Thread running = watcher;
        if (running != null) {
            running.interrupt();
            running.join(Duration.ofSeconds(30));
        }
    }
}
