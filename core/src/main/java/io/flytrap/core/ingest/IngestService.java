package io.flytrap.core.ingest;

import io.flytrap.core.event.Event;
import io.flytrap.core.ingest.IngestResult.Accepted;
import io.flytrap.core.ingest.IngestResult.Reason;
import io.flytrap.core.ingest.IngestResult.Rejected;
import io.flytrap.core.metrics.FlytrapMetrics;
import io.flytrap.core.projects.ActiveKey;
import io.flytrap.core.protocol.InvalidPayloadException;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.protocol.PayloadTooLargeException;
import io.flytrap.core.protocol.SentryEnvelopeReader;
import io.flytrap.core.protocol.SentryEventParser;
import io.flytrap.core.queue.EventQueue;
import io.flytrap.core.queue.QueueUnavailableException;
import io.flytrap.core.queue.QueuedEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The ingest path for both protocols: check the client's budget of refused requests and the key before reading
 * the body, bound the body (received and decompressed), validate it, enqueue each event raw and answer. An
 * envelope is read one item at a time and each event enqueued as it is validated; the first fatal item ends the
 * read (see {@link IngestResult.PartlyAccepted} for what is then accepted). The heavy work happens later in the
 * processor.
 */
@Service
@EnableConfigurationProperties(IngestProperties.class)
public class IngestService {

    private final ClientKeyCache keys;
    private final EventQueue queue;
    private final Clock clock;
    private final IngestProperties limits;
    private final IngestRateLimiter quotas;
    private final RefusalCharges charges;
    private final FlytrapMetrics metrics;
    private final NativePayloadParser nativeParser = new NativePayloadParser(false);
    private final SentryEventParser sentryParser = new SentryEventParser();

    IngestService(ClientKeyCache keys, EventQueue queue, Clock clock, IngestProperties limits,
                  IngestRateLimiter quotas, FailureBudget failures, FlytrapMetrics metrics) {
        this.keys = keys;
        this.queue = queue;
        this.clock = clock;
        this.limits = limits;
        this.quotas = quotas;
        this.charges = new RefusalCharges(failures, new RefusalCounts(metrics));
        this.metrics = metrics;
    }

    /** The native endpoints: one event per body, key in x-api-key, project in the payload. */
    public IngestResult ingest(IngestRequest request) {
        return charges.charged(request.meta(), charge -> ingestNative(request, charge));
    }

    /** The Sentry endpoints: /envelope/ (any number of items, events among them) and /store/ (one event). */
    public IngestResult ingestSentry(SentryIngestRequest request) {
        return charges.charged(request.meta(), charge -> ingestSentry(request, charge));
    }

    private IngestResult ingestNative(IngestRequest request, RefusalCharges.Charge charge) {
        Optional<ActiveKey> key = keys.find(request.apiKey());
        if (key.isEmpty()) {
            return Refusals.unknownKey();
        }
        Optional<IngestResult> keySpent = charge.key(key.get());
        if (keySpent.isPresent()) {
            return keySpent.get();
        }
        if (tooLarge(request.declaredLength())) {
            return Refusals.tooLarge("body", limits.maxBodySize().toBytes());
        }
        UUID eventId = UUID.randomUUID();
        if (request.idempotencyKey() != null) {
            Optional<String> idempotencyKey = IdempotencyKeys.normalise(request.idempotencyKey());
            if (idempotencyKey.isEmpty()) {
                return new Rejected(Reason.INVALID, IdempotencyKeys.PROBLEM);
            }
            eventId = DerivedEventIds.ofIdempotencyKey(key.get().projectId(), idempotencyKey.get());
        }
        try (InputStream body = BodyDecoder.open(request.body(), request.contentEncoding(), limits.maxBodySize().toBytes(),
                limits.maxDecompressedSize().toBytes())) {
            byte[] bytes = readEvent(body, BodyDecoder.decodedLength(request.contentEncoding(), request.declaredLength()));
            Instant receivedAt = clock.instant();
            Event event = nativeParser.parse(request.protocol(), bytes, eventId, receivedAt);
            if (event.projectId() != key.get().projectId()) {
                // The original Flytrap accepted any valid key for any project; a key only speaks for its own.
                return new Rejected(Reason.WRONG_PROJECT, "this API key does not belong to project " + event.projectId());
            }
            return enqueue(key.get(), event.eventId(), request.protocol(), bytes, request.meta(), receivedAt);
        } catch (InvalidPayloadException invalid) {
            return new Rejected(Reason.INVALID, invalid.getMessage());
        } catch (IOException unreadable) {
            return Refusals.unreadable(unreadable);
        }
    }

    private IngestResult ingestSentry(SentryIngestRequest request, RefusalCharges.Charge charge) {
        Optional<ActiveKey> key = Optional.empty();
        if (request.key() != null) {
            key = keys.find(request.key());
            if (key.isEmpty()) {
                return Refusals.unknownKey();
            }
            if (key.get().projectId() != request.projectId()) {
                return Refusals.wrongProject(request.projectId());
            }
            Optional<IngestResult> keySpent = charge.key(key.get());
            if (keySpent.isPresent()) {
                return keySpent.get();
            }
        } else if (request.endpoint() == SentryIngestRequest.Endpoint.STORE) {
            return Refusals.unknownKey();
        }
        if (tooLarge(request.declaredLength())) {
            return Refusals.tooLarge("body", limits.maxBodySize().toBytes());
        }
        try (InputStream body = BodyDecoder.open(request.body(), request.contentEncoding(),
                limits.maxBodySize().toBytes(), limits.maxDecompressedSize().toBytes())) {
            Instant receivedAt = clock.instant();
            if (request.endpoint() == SentryIngestRequest.Endpoint.STORE) {
                byte[] event = readEvent(body, BodyDecoder.decodedLength(request.contentEncoding(),
                        request.declaredLength()));
                long projectId = key.get().projectId();
                return acceptSentryEvent(key.get(), event, () -> DerivedEventIds.of(projectId, 0, event),
                        request.meta(), receivedAt);
            }
            SentryEnvelopeReader envelope = SentryEnvelopeReader.open(body, limits.maxEventSize().toBytes(),
                    limits.maxEnvelopeItems());
            SentryEnvelopeReader.Header header = envelope.header();
            if (key.isEmpty()) {
                // No key outside the body: the envelope header's DSN carries it; still checked before any item is read
                key = keys.find(publicKeyOf(header.dsn()));
                if (key.isEmpty()) {
                    return Refusals.unknownKey();
                }
                if (key.get().projectId() != request.projectId()) {
                    return Refusals.wrongProject(request.projectId());
                }
                Optional<IngestResult> keySpent = charge.key(key.get());
                if (keySpent.isPresent()) {
                    return keySpent.get();
                }
            }
            return acceptEvents(key.get(), envelope, header, request.meta(), receivedAt);
        } catch (InvalidPayloadException invalid) {
            return new Rejected(Reason.INVALID, invalid.getMessage());
        } catch (IOException unreadable) {
            return Refusals.unreadable(unreadable);
        }
    }

    /**
     * The envelope's events, each validated and enqueued as it is read: a bad item stops the read, with the events
     * before it accepted and nothing after it read at all.
     */
    private IngestResult acceptEvents(ActiveKey key, SentryEnvelopeReader envelope, SentryEnvelopeReader.Header header,
                                      Map<String, String> meta, Instant receivedAt) {
        List<UUID> accepted = new ArrayList<>();
        try {
            byte[] item;
            while ((item = envelope.nextEvent()) != null) {
                int position = accepted.size();
                byte[] event = item;
                // The envelope's event_id names its first event only; each later one gets an id of its own
                Supplier<UUID> fallbackId = position == 0 && header.eventId() != null ? header::eventId
                        : () -> DerivedEventIds.of(key.projectId(), position, event);
                IngestResult result = acceptSentryEvent(key, item, fallbackId, meta, receivedAt);
                if (!(result instanceof Accepted ok)) {
                    return stoppedAfter(accepted, result);
                }
                accepted.add(ok.eventId());
            }
        } catch (InvalidPayloadException invalid) {
            return stoppedAfter(accepted, new Rejected(Reason.INVALID, invalid.getMessage()));
        } catch (IOException unreadable) {
            return stoppedAfter(accepted, Refusals.unreadable(unreadable));
        }
        return new Accepted(accepted.isEmpty() ? header.eventId() : accepted.getFirst());
    }

    private static IngestResult stoppedAfter(List<UUID> accepted, IngestResult refusal) {
        return accepted.isEmpty() ? refusal : new IngestResult.PartlyAccepted(accepted, refusal);
    }

    /** Checked, not built: the processor reads the event in full, and this protocol refuses nothing more at ingest. */
    private IngestResult acceptSentryEvent(ActiveKey key, byte[] json, Supplier<UUID> fallbackEventId,
                                           Map<String, String> meta, Instant receivedAt) throws InvalidPayloadException {
        UUID eventId = sentryParser.acceptedEventId(json, fallbackEventId);
        return enqueue(key, eventId, SentryEventParser.PROTOCOL, json, meta, receivedAt);
    }

    /** Quotas count events, not requests: an envelope of sessions or client reports costs nothing. */
    private IngestResult enqueue(ActiveKey key, UUID eventId, String protocol, byte[] raw, Map<String, String> meta,
                                 Instant receivedAt) {
        Optional<IngestRateLimiter.Refusal> refusal = quotas.acquire(key);
        if (refusal.isPresent()) {
            return new IngestResult.RateLimited(refusal.get().retryAfterSeconds(), refusal.get().scope());
        }
        try {
            queue.enqueue(new QueuedEvent(key.projectId(), eventId, protocol, raw, meta, receivedAt));
        } catch (QueueUnavailableException busy) {
            return new Rejected(Reason.UNAVAILABLE, "the event queue is unavailable, retry later");
        }
        metrics.eventsAccepted(Long.toString(key.projectId()), 1);
        return new Accepted(eventId);
    }

    /** The whole body as one event, refused past the event size limit. */
    private byte[] readEvent(InputStream body, Long expectedLength) throws IOException {
        long max = limits.maxEventSize().toBytes();
        byte[] bytes = BodyDecoder.readAtMost(body, max + 1, expectedLength);
        if (bytes.length > max) {
            throw new PayloadTooLargeException("event exceeds the limit of " + max + " bytes");
        }
        return bytes;
    }

    /** The public key of a DSN such as https://KEY@flytrap.example.com/42. */
    static String publicKeyOf(String dsn) {
        if (dsn == null) {
            return null;
        }
        try {
            String userInfo = URI.create(dsn).getRawUserInfo();
            return userInfo == null ? null : userInfo.split(":", 2)[0];
        } catch (IllegalArgumentException notAUri) {
            return null;
        }
    }

    private boolean tooLarge(Long declaredLength) {
        return declaredLength != null && declaredLength > limits.maxBodySize().toBytes();
    }
}
