package io.flytrap.core.users;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slows down password guessing: after repeated failed sign-ins for one e-mail address, or from one client
 * address, further attempts are refused until a quiet period has passed. It counts every e-mail the same way,
 * existing or not, so the refusal tells an attacker nothing about which accounts exist. Counts live in memory:
 * with several dashboard replicas each counts on its own, which still bounds guessing per replica. Only
 * {@link PasswordChecks} uses it, so every way of proving a password (the sign-in form, exchanging a password for an
 * API token, changing one's password) counts against the same limits.
 */
@Component
@EnableConfigurationProperties(SignInProperties.class)
public class SignInThrottle {

    public static final int MAX_FAILURES_PER_EMAIL = 5;
    public static final int MAX_FAILURES_PER_ADDRESS = 20;

    /** Failures by key; an entry expires once it has not grown for the lockout period. */
    private final Cache<String, AtomicInteger> failures;

    SignInThrottle(SignInProperties properties) {
        this.failures = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(properties.lockout()).build();
    }

    /** An unknown address (null: a check made outside any request) is not counted; its e-mail still is. */
    boolean isBlocked(String email, String remoteAddress) {
        return count(emailKey(email)) >= MAX_FAILURES_PER_EMAIL
                || remoteAddress != null && count(addressKey(remoteAddress)) >= MAX_FAILURES_PER_ADDRESS;
    }

    void failed(String email, String remoteAddress) {
        increment(emailKey(email));
        if (remoteAddress != null) {
            increment(addressKey(remoteAddress));
        }
    }

    /** A successful sign-in clears that e-mail's failures (not the address's: one right password among many guesses). */
    void succeeded(String email) {
        failures.invalidate(emailKey(email));
    }

    private int count(String key) {
        AtomicInteger count = failures.getIfPresent(key);
        return count == null ? 0 : count.get();
    }

    private void increment(String key) {
        // put() again so that expireAfterWrite restarts: the lockout runs from the latest failure
        AtomicInteger count = failures.get(key, k -> new AtomicInteger());
        count.incrementAndGet();
        failures.put(key, count);
    }

    private static String emailKey(String email) {
        return "email:" + (email == null ? "" : email.strip().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String remoteAddress) {
        return "address:" + remoteAddress;
    }
}
