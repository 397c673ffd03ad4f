package io.flytrap.core.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The id of a Sentry event that names none, derived from the request itself (project, position in the envelope,
 * bytes) rather than drawn at random: a client that sends the same envelope again gets the same ids, and
 * processing, which stores an id once per project, stores nothing twice. Sentry SDKs always set event_id; this is
 * for hand-made clients and for an envelope's second and later events, which the envelope's own event_id cannot
 * name (given to all of them, it made every one after the first a "duplicate" and dropped it).
 */
final class DerivedEventIds {

    private DerivedEventIds() {
    }

    static UUID of(long projectId, int position, byte[] payload) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JVM has SHA-256", impossible);
        }
        sha256.update((projectId + "/" + position + "/").getBytes(StandardCharsets.US_ASCII));
        ByteBuffer hash = ByteBuffer.wrap(sha256.digest(payload));
        // RFC 9562 version 8 (custom, here name-based with SHA-256) and the RFC variant
        long high = (hash.getLong() & ~0xF000L) | 0x8000L;
        long low = (hash.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
