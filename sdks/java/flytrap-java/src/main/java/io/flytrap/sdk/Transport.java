package io.flytrap.sdk;

import java.io.IOException;
import java.net.URI;

/**
 * Sends one serialised event. The default posts it with {@code java.net.http}; replace it to send through your own
 * HTTP stack or proxy, or with a no-op one to keep events local. Called from the SDK's single sender thread only.
 * An implementation must not follow redirects: return the 3xx as it came (the SDK retries it, and only a 2xx from
 * the ingest URL itself counts as delivered).
 */
@FunctionalInterface
public interface Transport {

    /**
     * @param endpoint the native ingest URL taken from the DSN ({@code .../api/errors})
     * @param apiKey   the DSN's public key, sent as the {@code x-api-key} header
     * @param json     the body, UTF-8 JSON
     * @throws IOException on a network failure (retried with backoff)
     */
    Response send(URI endpoint, String apiKey, byte[] json) throws IOException, InterruptedException;

    /** @param retryAfter the Retry-After header, or null */
    record Response(int status, String retryAfter) {
    }
}
