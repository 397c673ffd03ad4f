package io.flytrap.core.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The id of an event that names none, derived from the request itself rather than drawn at random: a client that
 * sends the same request again gets the same ids, and processing, which stores an id once per project, stores
 * nothing twice. Two sources:
 * <ul>
 * <li>a Sentry envelope's event without event_id: project, position in the envelope and bytes. Sentry SDKs always
 * set event_id; this is for hand-made clients and for an envelope's second and later events, which the envelope's
 * own event_id cannot name (given to all of them, it made every one after the first a "duplicate" and dropped it);
 * <li>a native request's {@code Idempotency-Key}: project and key, so a retry is one event even if the client
 * rebuilt the body (a new timestamp) in between.
 * </ul>
 */
final class DerivedEventIds {

    private DerivedEventIds() {
    }

    static UUID of(long projectId, int position, byte[] payload) {
        return nameBased((projectId + "/" + position + "/").getBytes(StandardCharsets.US_ASCII), payload);
    }

    /** The key is visible ASCII (see {@link IdempotencyKeys}); its own prefix keeps it apart from envelope ids. */
    static UUID ofIdempotencyKey(long projectId, String key) {
        return nameBased(("idempotency-key/" + projectId + "/").getBytes(StandardCharsets.US_ASCII),
                key.getBytes(StandardCharsets.US_ASCII));
    }

    private static UUID nameBased(byte[] prefix, byte[] name) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JVM has SHA-256", impossible);
        }
        sha256.update(prefix);
        ByteBuffer hash = ByteBuffer.wrap(sha256.digest(name));
        // RFC 9562 version 8 (custom, here name-based with SHA-256) and the RFC variant
        long high = (hash.getLong() & ~0xF000L) | 0x8000L;
        long low = (hash.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
