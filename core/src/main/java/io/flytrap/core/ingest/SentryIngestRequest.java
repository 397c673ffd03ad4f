package io.flytrap.core.ingest;

import java.io.InputStream;
import java.util.Map;

/**
 * A request to a Sentry endpoint.
 *
 * @param projectId the project id from the URL path
 * @param key       the public key from X-Sentry-Auth or ?sentry_key=, or null when only the envelope's dsn has it
 */
public record SentryIngestRequest(long projectId, String key, Endpoint endpoint, String contentEncoding,
                                  Long declaredLength, InputStream body, Map<String, String> meta) {

    public enum Endpoint { ENVELOPE, STORE }
}
