package io.flytrap.core.ingest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Counts refused ingest requests per client address and per project key, so a client that keeps sending what
 * ingest refuses is answered 429 before its body is read, let alone decompressed: refusing still costs reading
 * and inflating up to the point of refusal, and cheap requests could make that cost unbounded.
 * <p>
 * A request takes a token from its buckets before its body is read and gives it back if it is accepted. So
 * requests in flight count too, and a burst of concurrent abusive requests cannot all pass the check before the
 * first of them is refused. Buckets refill continuously, {@code perMinute} tokens a minute, up to that many.
 */
@Component
@EnableConfigurationProperties(FailureBudgetProperties.class)
class FailureBudget {

    static final String ADDRESS = "address";
    static final String KEY = "key";
    private static final int MAX_BUCKETS = 100_000;

    private final FailureBudgetProperties properties;
    private final Clock clock;
    /**
     * Upkeep (recording accesses for expiry and the size bound) runs on the request's thread: on the common pool, as
     * by default, every few requests woke a thread for it, which cost more than the upkeep (issue #24).
     */
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(MAX_BUCKETS)
            .expireAfterAccess(Duration.ofMinutes(10)).executor(Runnable::run).build();

    FailureBudget(FailureBudgetProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** Why a request was refused unread, and when its bucket holds a token again. */
    record Refusal(long retryAfterSeconds, String scope) {
    }

    /**
     * A token taken for one request; give it back with {@link #refund()} when the request turns out acceptable.
     */
    final class Ticket {
        private final Bucket bucket;

        private Ticket(Bucket bucket) {
            this.bucket = bucket;
        }

        void refund() {
            if (bucket != null) {
                bucket.refund(clock.millis());
            }
        }
    }

    /** Takes a token for {@code id} in {@code scope}, or says when to come back. A null id (unknown) is free. */
    Result take(String scope, String id) {
        int perMinute = ADDRESS.equals(scope) ? properties.perAddressPerMinute() : properties.perKeyPerMinute();
        if (id == null || perMinute <= 0) {
            return new Result(new Ticket(null), Optional.empty());
        }
        Bucket bucket = buckets.get(scope + ":" + id, ignored -> new Bucket(perMinute, clock.millis()));
        long now = clock.millis();
        if (bucket.take(now)) {
            return new Result(new Ticket(bucket), Optional.empty());
        }
        return new Result(new Ticket(null), Optional.of(new Refusal(bucket.secondsUntilToken(now), scope)));
    }

    record Result(Ticket ticket, Optional<Refusal> refusal) {
    }

    /** A token bucket; a few arithmetic operations under its own lock. */
    private static final class Bucket {
        private final double capacity;
        private final double perMilli;
        private double tokens;
        private long updatedAt;

        Bucket(int perMinute, long now) {
            this.capacity = perMinute;
            this.perMilli = perMinute / 60_000.0;
            this.tokens = perMinute;
            this.updatedAt = now;
        }

        synchronized boolean take(long now) {
            refill(now);
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }

        synchronized void refund(long now) {
            refill(now);
            tokens = Math.min(capacity, tokens + 1);
        }

        synchronized long secondsUntilToken(long now) {
            refill(now);
            return Math.max(1, (long) Math.ceil((1 - tokens) / perMilli / 1000));
        }

        private void refill(long now) {
            if (now > updatedAt) {
                tokens = Math.min(capacity, tokens + (now - updatedAt) * perMilli);
                updatedAt = now;
            }
        }
    }
}
