package io.flytrap.core.ingest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.flytrap.core.projects.ActiveKey;
import io.flytrap.core.projects.ProjectService;
import org.springframework.beans.factory.annotation.Value;
import io.flytrap.core.projects.ProjectKeyService;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Client keys as ingest sees them, cached so that a burst of events costs one database lookup, not one per
 * request. Unknown keys are remembered too (briefly), so a flood of bad keys cannot hammer the database either.
 * The price: a key revoked in another process (a separate dashboard) keeps working for up to
 * {@code flytrap.ingest.key-cache-ttl} (default 30 s); one revoked in this process stops at once.
 */
@Component
class ClientKeyCache {

    static final int MAX_KEYS = 100_000;
    private static final Pattern KEY_TEXT = Pattern.compile("[A-Za-z0-9_-]+");

    private final ProjectService projects;
    private final Cache<String, Optional<ActiveKey>> keys;

    ClientKeyCache(ProjectService projects, @Value("${flytrap.ingest.key-cache-ttl:30s}") Duration ttl) {
        this.projects = projects;
        this.keys = Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterWrite(ttl).build();
    }

    Optional<ActiveKey> find(String publicKey) {
        if (publicKey == null || publicKey.isBlank() || publicKey.length() > 64) {
            return Optional.empty();
        }
        String key = publicKey.strip();
        // Keys are hex; anything else (a NUL among it, which PostgreSQL refuses) is unknown without a lookup
        if (!KEY_TEXT.matcher(key).matches()) {
            return Optional.empty();
        }
        return keys.get(key, projects::findActiveKey);
    }

    /** A key revoked in this process stops working at once, not only when its cache entry expires. */
    @EventListener
    void revoked(ProjectKeyService.KeyRevoked revoked) {
        keys.invalidate(revoked.publicKey());
    }
}
