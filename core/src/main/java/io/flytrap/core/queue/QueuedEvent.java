package io.flytrap.core.queue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A raw event between ingest and processing: the body exactly as the client sent it (after decompression),
 * which parser reads it, and the request facts the body does not carry.
 */
public record QueuedEvent(long projectId, UUID eventId, String protocol, byte[] payload, Map<String, String> meta,
                          Instant receivedAt) {

    /** Meta key: the address the request came from, as ingest saw it. */
    public static final String CLIENT_IP = "client_ip";
    /** Meta key: the request's User-Agent header. */
    public static final String USER_AGENT = "user_agent";

    public QueuedEvent {
        meta = meta == null ? Map.of() : Map.copyOf(meta);
    }
}
