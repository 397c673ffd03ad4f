package io.flytrap.core.ingest;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.flytrap.core.projects.ActiveKey;
import io.flytrap.core.projects.ProjectKeyService;
import io.flytrap.core.projects.ProjectService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Client keys as ingest sees them, cached so that a burst of events costs one database lookup, not one per
 * request. Unknown keys are remembered too (briefly), so a flood of bad keys cannot hammer the database either.
 * The price: a key revoked in another process (a separate dashboard) keeps working for up to
 * {@code flytrap.ingest.key-cache-ttl} (default 30 s); one revoked in this process stops at once.
 * <p>
 * When the database is down, ingest must answer "retry later" in about a second, not hang. So concurrent requests
 * for one key share one lookup, each waits for it at most {@code flytrap.ingest.key-lookup-timeout}, and after a
 * failed or overdue lookup no new one starts for {@code flytrap.ingest.key-lookup-pause}: requests in that window
 * are refused at once instead of queueing behind the pool's own connection timeout. Keys already cached keep
 * being served meanwhile (their events then meet the queue, which refuses on its own when it cannot write).
 */
@Component
class ClientKeyCache {

    private static final Logger log = LoggerFactory.getLogger(ClientKeyCache.class);

    static final int MAX_KEYS = 100_000;

    private final AsyncLoadingCache<String, Optional<ActiveKey>> keys;
    private final Clock clock;
    private final Duration lookupTimeout;
    private final Duration pause;
    /** Until when lookups are refused without trying, after one failed; in the past while the database answers. */
    private final AtomicReference<Instant> pausedUntil = new AtomicReference<>(Instant.MIN);

    @Autowired
    ClientKeyCache(ProjectService projects, Clock clock, IngestProperties properties) {
        this(projects::findActiveKey, clock, properties.keyCacheTtl(), properties.keyLookupTimeout(),
                properties.keyLookupPause());
    }

    ClientKeyCache(Function<String, Optional<ActiveKey>> lookup, Clock clock, Duration ttl, Duration lookupTimeout,
                   Duration pause) {
        this.clock = clock;
        this.lookupTimeout = lookupTimeout;
        this.pause = pause;
        // Lookups block on JDBC, for up to the pool's connection timeout when the database is gone: each gets a
        // virtual thread of its own rather than a slot in a shared pool that one stuck lookup could fill. The
        // cache's own upkeep (recording reads for the size bound) runs on the request's thread: handed to an
        // executor it started a thread every few requests, a cost in ingest's profile that the upkeep is not
        // (issue #24)
        Executor virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
        this.keys = Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterWrite(ttl)
                .executor(Runnable::run)
                .buildAsync((key, ignored) -> CompletableFuture.supplyAsync(() -> lookup.apply(key), virtualThreads));
    }

    /**
     * The key, or empty when it is unknown or revoked.
     *
     * @throws KeysUnavailableException when the database could not say in time
     */
    Optional<ActiveKey> find(String publicKey) {
        if (publicKey == null || publicKey.isBlank() || publicKey.length() > 64) {
            return Optional.empty();
        }
        String key = publicKey.strip();
        // Keys are hex; anything else (a NUL among it, which PostgreSQL refuses) is unknown without a lookup
        if (!isKeyText(key)) {
            return Optional.empty();
        }
        CompletableFuture<Optional<ActiveKey>> lookup = keys.getIfPresent(key);
        if (lookup == null) {
            if (clock.instant().isBefore(pausedUntil.get())) {
                throw new KeysUnavailableException("the database is unavailable");
            }
            lookup = keys.get(key); // joins a lookup of the same key already under way (a failed one is not kept)
        }
        try {
            return lookup.get(lookupTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException overdue) {
            // The lookup goes on alone; dropping it lets the first request after the pause start a fresh one
            keys.asMap().remove(key, lookup);
            throw unavailable(overdue);
        } catch (ExecutionException failed) {
            throw unavailable(failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new KeysUnavailableException("interrupted while looking up the key");
        }
    }

    /**
     * Only {@code [A-Za-z0-9_-]}, at least one: a loop rather than a regular expression, which took 1 % of native
     * ingest's samples for a check on a string of at most 64 characters (issue #24).
     */
    static boolean isKeyText(String key) {
        if (key.isEmpty()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private KeysUnavailableException unavailable(Throwable cause) {
        Instant now = clock.instant();
        if (!now.isBefore(pausedUntil.getAndSet(now.plus(pause)))) {
            // once per pause, not once per refused request
            log.warn("Client key lookup failed; ingest answers 503 for at least {}: {}", pause, cause.toString());
        }
        return new KeysUnavailableException("the database is unavailable");
    }

    /** A key revoked in this process stops working at once, not only when its cache entry expires. */
    @EventListener
    void revoked(ProjectKeyService.KeyRevoked revoked) {
        keys.synchronous().invalidate(revoked.publicKey());
    }
}
