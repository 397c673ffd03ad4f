package io.flytrap.core.protocol;

import java.util.List;
import java.util.UUID;

/**
 * What Flytrap takes from a Sentry envelope: its header facts and the raw JSON of its event items.
 * Every other item type (transaction, session, client_report, attachment, ...) is read past and dropped.
 *
 * @param eventId the envelope header's event_id, if any
 * @param dsn     the envelope header's dsn, if any: a way for SDKs to authenticate
 */
public record SentryEnvelope(UUID eventId, String dsn, List<byte[]> events, int skippedItems) {
}
