package io.flytrap.core.ingest;

import io.flytrap.core.projects.ActiveKey;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Per-project and global quotas for ingest, answered without waiting: a request over quota is refused at once. */
@Component
@EnableConfigurationProperties(RateLimitProperties.class)
class IngestRateLimiter {

    /** Why a request was refused, and when to come back. */
    record Refusal(long retryAfterSeconds, String scope) {
    }

    private final RateLimitProperties properties;
    private final RateLimiter global;
    private final Map<String, RateLimiter> perProject = new ConcurrentHashMap<>();

    IngestRateLimiter(RateLimitProperties properties) {
        this.properties = properties;
        this.global = RateLimiter.of("ingest-global", config(properties.globalPerSecond(), Duration.ofSeconds(1)));
    }

    /** Takes one event from the key's project quota, then from the global one. */
    Optional<Refusal> acquire(ActiveKey key) {
        int limit = key.rateLimitPerMinute() != null ? key.rateLimitPerMinute() : properties.projectPerMinute();
        // A key with its own limit gets its own bucket, so changing the limit takes effect with a fresh one
        RateLimiter project = perProject.computeIfAbsent(key.projectId() + "/" + limit,
                name -> RateLimiter.of("ingest-project-" + name, config(limit, Duration.ofMinutes(1))));
        if (!project.acquirePermission()) {
            return Optional.of(new Refusal(secondsToWait(project), "project"));
        }
        if (!global.acquirePermission()) {
            return Optional.of(new Refusal(secondsToWait(global), "organization"));
        }
        return Optional.empty();
    }

    private static RateLimiterConfig config(int permits, Duration period) {
        return RateLimiterConfig.custom().limitForPeriod(permits).limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO).build();
    }

    private static long secondsToWait(RateLimiter limiter) {
        long nanos = limiter instanceof io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter atomic
                ? atomic.getDetailedMetrics().getNanosToWait() : Duration.ofSeconds(1).toNanos();
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}
