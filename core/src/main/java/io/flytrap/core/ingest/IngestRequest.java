package io.flytrap.core.ingest;

import java.io.InputStream;
import java.util.Map;

/**
 * A native request to ingest, free of any HTTP or Lambda types.
 *
 * @param declaredLength the Content-Length, when the client sent one; lets us refuse a large body unread
 * @param meta           request facts the body does not carry (client address, user agent)
 */
public record IngestRequest(String apiKey, String protocol, String contentEncoding, Long declaredLength,
                            InputStream body, Map<String, String> meta) {
}
