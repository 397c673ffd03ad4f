package io.flytrap.core.ingest;

import java.io.InputStream;
import java.util.Map;

/**
 * A native request to ingest, free of any HTTP or Lambda types.
 *
 * @param declaredLength the Content-Length, when the client sent one; lets us refuse a large body unread
 * @param meta           request facts the body does not carry (client address, user agent)
 * @param idempotencyKey the {@code Idempotency-Key} header, or null: the same key names the same event, so a
 *                       retry of a request whose answer was lost is stored once (an event_id in the body still wins)
 */
public record IngestRequest(String apiKey, String protocol, String contentEncoding, Long declaredLength,
                            InputStream body, Map<String, String> meta, String idempotencyKey) {
}
