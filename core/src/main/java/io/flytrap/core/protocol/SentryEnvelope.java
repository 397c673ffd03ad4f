package io.flytrap.core.protocol;

import java.util.List;

/**
 * The items of a Sentry envelope that Flytrap keeps: the raw JSON of its event items. Every other item type
 * (transaction, session, client_report, attachment, ...) is read past and dropped; the header's facts are in
 * {@link SentryEnvelopeReader.Header}.
 */
public record SentryEnvelope(List<byte[]> events) {
}
