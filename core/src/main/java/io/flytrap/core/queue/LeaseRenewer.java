package io.flytrap.core.queue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * Keeps the leases of batches still in work from running out: one scheduled thread renews every held claim of
 * this process in one statement, three times per lease. So the lease can be short (a crashed worker's events come
 * back within seconds) and a batch that takes longer than the lease is still never handed to a second worker.
 */
final class LeaseRenewer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaseRenewer.class);

    private final Set<Held> held = new LinkedHashSet<>();
    private final ToIntFunction<List<ClaimedEvent>> renew;
    private final ScheduledExecutorService scheduler;

    LeaseRenewer(Duration lease, ToIntFunction<List<ClaimedEvent>> renew) {
        this.renew = renew;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("queue-lease-renewer").daemon().factory());
        long every = Math.max(1, lease.toMillis() / 3);
        scheduler.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
    }

    /** Renews the claims until the returned handle is closed. */
    synchronized Held hold(List<ClaimedEvent> claims) {
        Held claim = new Held(List.copyOf(claims));
        held.add(claim);
        return claim;
    }

    /**
     * Synchronized with {@link Held#close()}: once a handle is closed no renewal of it is still under way, so a
     * retry the worker schedules next is never pushed back to the end of a lease.
     */
    private synchronized void renewAll() {
        List<ClaimedEvent> claims = new ArrayList<>();
        held.forEach(h -> claims.addAll(h.claims));
        if (claims.isEmpty()) {
            return;
        }
        try {
            int renewed = renew.applyAsInt(claims);
            if (renewed < claims.size()) {
                // the worker was stalled past its lease and another took those events; the store's
                // (project_id, event_id) check keeps them from being stored twice
                log.warn("{} of {} leases had already passed to another worker", claims.size() - renewed, claims.size());
            }
        } catch (RuntimeException failed) {
            // the database is unreachable; the next attempt comes a third of a lease later
            log.warn("Renewing {} leases failed: {}", claims.size(), failed.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** The claims of one batch in work; close when the batch is done, before completing or failing its events. */
    final class Held implements PostgresEventQueue.Lease {
        private final List<ClaimedEvent> claims;

        private Held(List<ClaimedEvent> claims) {
            this.claims = claims;
        }

        @Override
        public void close() {
            synchronized (LeaseRenewer.this) {
                held.remove(this);
            }
        }
    }
}
