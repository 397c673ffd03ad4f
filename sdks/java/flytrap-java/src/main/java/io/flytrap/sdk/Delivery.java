package io.flytrap.sdk;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends one body with the retry rules every Flytrap SDK follows: only a 2xx is a delivery; network failures, 5xx
 * and redirects (never followed) are retried with exponential backoff and jitter; a 429 pauses all sending until
 * its Retry-After has passed; other 4xx are dropped (logged once). Every attempt sends the same bytes, so the event
 * keeps its event_id and the server stores a retried event once. Runs on the sender thread only.
 */
final class Delivery {

    static final long MAX_BACKOFF_MILLIS = 30_000;
    static final long DEFAULT_RETRY_AFTER_MILLIS = 60_000;
    /** A server asking for more than an hour is more likely wrong than meant. */
    static final long MAX_RETRY_AFTER_MILLIS = 3_600_000;

    private final Transport transport;
    private final URI endpoint;
    private final String apiKey;
    private final long backoffMillis;
    private final int maxAttempts;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    private volatile long pausedUntilMillis;
    private boolean logged4xx;

    Delivery(Transport transport, Dsn dsn, Duration backoff, int maxAttempts) {
        this.transport = transport;
        this.endpoint = dsn.endpoint();
        this.apiKey = dsn.publicKey();
        this.backoffMillis = Math.max(1, backoff.toMillis());
        this.maxAttempts = maxAttempts;
    }

    void deliver(byte[] body) throws InterruptedException {
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            long wait = pausedUntilMillis - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait); // rate limited: nothing may be sent before Retry-After has passed
            }
            try {
                Transport.Response response = transport.send(endpoint, apiKey, body);
                int status = response.status();
                if (status >= 200 && status < 300) {
                    sent.incrementAndGet();
                    return;
                }
                if (status == 429) {
                    pausedUntilMillis = System.currentTimeMillis() + retryAfterMillis(response.retryAfter());
                    continue;
                }
                if (status >= 300 && status < 400) {
                    // Not followed (a followed sign-in redirect's 200 once passed for a delivery, issue #20), and
                    // not a refusal either: the server is misconfigured for now (its sign-in filter caught the
                    // API, a proxy moved it), so the event waits out the backoff like after a 5xx
                    SdkLog.debug("the server answered " + status + " (a redirect, not followed) to "
                            + endpoint + "; retrying");
                } else if (status < 500) {
                    refused.incrementAndGet();
                    if (!logged4xx) {
                        logged4xx = true;
                        SdkLog.debug("the server refused an event with " + status + "; such events are not retried");
                    }
                    return;
                } else {
                    SdkLog.debug("the server answered " + status + "; retrying");
                }
            } catch (IOException networkFailure) {
                SdkLog.debug("sending failed (" + networkFailure + "); retrying");
            }
            if (attempt < maxAttempts - 1) {
                Thread.sleep(backoff(attempt));
            }
        }
        failed.incrementAndGet();
        SdkLog.debug("an event was given up after " + maxAttempts + " attempts");
    }

    /** Doubling from the configured first delay up to 30 s, each wait between half and all of it (jitter). */
    long backoff(int attempt) {
        long full = Math.min(MAX_BACKOFF_MILLIS, backoffMillis << Math.min(attempt, 20));
        return full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1);
    }

    /** Retry-After in seconds or as an HTTP date; a minute when missing or unreadable. */
    static long retryAfterMillis(String header) {
        if (header == null || header.isBlank()) {
            return DEFAULT_RETRY_AFTER_MILLIS;
        }
        String text = header.strip();
        try {
            double seconds = Double.parseDouble(text);
            return Double.isFinite(seconds) ? Math.max(0, Math.min(MAX_RETRY_AFTER_MILLIS, (long) (seconds * 1000)))
                    : DEFAULT_RETRY_AFTER_MILLIS;
        } catch (NumberFormatException notSeconds) {
            try {
                return Math.min(MAX_RETRY_AFTER_MILLIS, Math.max(0, ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli()
                        - System.currentTimeMillis()));
            } catch (DateTimeParseException unreadable) {
                return DEFAULT_RETRY_AFTER_MILLIS;
            }
        }
    }
}
