package io.flytrap.core.ingest;

import io.flytrap.core.event.Event;
import io.flytrap.core.ingest.IngestResult.Accepted;
import io.flytrap.core.ingest.IngestResult.Reason;
import io.flytrap.core.ingest.IngestResult.Rejected;
import io.flytrap.core.projects.ActiveKey;
import io.flytrap.core.protocol.InvalidPayloadException;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.protocol.PayloadTooLargeException;
import io.flytrap.core.protocol.SentryEnvelope;
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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipException;

/**
 * The ingest path for both protocols: check the key before reading the body, bound the body (received and
 * decompressed), validate it, enqueue each event raw and answer. Nothing is stored unless every check passed;
 * the heavy work happens later in the processor.
 */
@Service
@EnableConfigurationProperties(IngestProperties.class)
public class IngestService {

    private final ClientKeyCache keys;
    private final EventQueue queue;
    private final Clock clock;
    private final IngestProperties limits;
    private final IngestRateLimiter quotas;
    private final NativePayloadParser nativeParser = new NativePayloadParser(false);
    private final SentryEventParser sentryParser = new SentryEventParser();

    IngestService(ClientKeyCache keys, EventQueue queue, Clock clock, IngestProperties limits,
                  IngestRateLimiter quotas) {
        this.keys = keys;
        this.queue = queue;
        this.clock = clock;
        this.limits = limits;
        this.quotas = quotas;
    }

    /** The native endpoints: one event per body, key in x-api-key, project in the payload. */
    public IngestResult ingest(IngestRequest request) {
        Optional<ActiveKey> key = keys.find(request.apiKey());
        if (key.isEmpty()) {
            return unknownKey();
        }
        if (tooLarge(request.declaredLength())) {
            return tooLarge("body", limits.maxBodySize().toBytes());
        }
        try (InputStream body = BodyDecoder.open(request.body(), request.contentEncoding(), limits.maxBodySize().toBytes(),
                limits.maxDecompressedSize().toBytes())) {
            byte[] bytes = readEvent(body);
            Instant receivedAt = clock.instant();
            Event event = nativeParser.parse(request.protocol(), bytes, UUID.randomUUID(), receivedAt);
            if (event.projectId() != key.get().projectId()) {
                // The original Flytrap accepted any valid key for any project; a key only speaks for its own.
                return new Rejected(Reason.WRONG_PROJECT, "this API key does not belong to project " + event.projectId());
            }
            return enqueue(key.get(), event, request.protocol(), bytes, request.meta(), receivedAt);
        } catch (InvalidPayloadException invalid) {
            return new Rejected(Reason.INVALID, invalid.getMessage());
        } catch (IOException unreadable) {
            return unreadable(unreadable);
        }
    }

    /** The Sentry endpoints: /envelope/ (any number of items, events among them) and /store/ (one event). */
    public IngestResult ingestSentry(SentryIngestRequest request) {
        Optional<ActiveKey> key = Optional.empty();
        if (request.key() != null) {
            key = keys.find(request.key());
            if (key.isEmpty()) {
                return unknownKey();
            }
            if (key.get().projectId() != request.projectId()) {
                return wrongProject(request.projectId());
            }
        } else if (request.endpoint() == SentryIngestRequest.Endpoint.STORE) {
            return unknownKey();
        }
        if (tooLarge(request.declaredLength())) {
            return tooLarge("body", limits.maxBodySize().toBytes());
        }
        try (InputStream body = BodyDecoder.open(request.body(), request.contentEncoding(),
                limits.maxBodySize().toBytes(), limits.maxDecompressedSize().toBytes())) {
            Instant receivedAt = clock.instant();
            if (request.endpoint() == SentryIngestRequest.Endpoint.STORE) {
                return acceptSentryEvent(key.get(), readEvent(body), null, request.meta(), receivedAt);
            }
            SentryEnvelopeReader envelopeReader = SentryEnvelopeReader.open(body, limits.maxEventSize().toBytes());
            SentryEnvelopeReader.Header header = envelopeReader.header();
            if (key.isEmpty()) {
                // No key outside the body: the envelope header's DSN carries it; still checked before any item is read
                key = keys.find(publicKeyOf(header.dsn()));
                if (key.isEmpty()) {
                    return unknownKey();
                }
                if (key.get().projectId() != request.projectId()) {
                    return wrongProject(request.projectId());
                }
            }
            SentryEnvelope envelope = envelopeReader.items();
            UUID firstId = null;
            for (byte[] item : envelope.events()) {
                IngestResult result = acceptSentryEvent(key.get(), item, header.eventId(), request.meta(), receivedAt);
                if (!(result instanceof Accepted accepted)) {
                    return result;
                }
                firstId = firstId == null ? accepted.eventId() : firstId;
            }
            return new Accepted(firstId != null ? firstId : header.eventId());
        } catch (InvalidPayloadException invalid) {
            return new Rejected(Reason.INVALID, invalid.getMessage());
        } catch (IOException unreadable) {
            return unreadable(unreadable);
        }
    }

    private IngestResult acceptSentryEvent(ActiveKey key, byte[] json, UUID headerEventId, Map<String, String> meta,
                                           Instant receivedAt) throws InvalidPayloadException {
        Event event = sentryParser.parse(json, key.projectId(), headerEventId != null ? headerEventId : UUID.randomUUID(), receivedAt);
        return enqueue(key, event, SentryEventParser.PROTOCOL, json, meta, receivedAt);
    }

    /** Quotas count events, not requests: an envelope of sessions or client reports costs nothing. */
    private IngestResult enqueue(ActiveKey key, Event event, String protocol, byte[] raw, Map<String, String> meta,
                                 Instant receivedAt) {
        Optional<IngestRateLimiter.Refusal> refusal = quotas.acquire(key);
        if (refusal.isPresent()) {
            return new IngestResult.RateLimited(refusal.get().retryAfterSeconds(), refusal.get().scope());
        }
        try {
            queue.enqueue(new QueuedEvent(event.projectId(), event.eventId(), protocol, raw, meta, receivedAt));
        } catch (QueueUnavailableException busy) {
            return new Rejected(Reason.UNAVAILABLE, "the event queue is unavailable, retry later");
        }
        return new Accepted(event.eventId());
    }

    private byte[] readEvent(InputStream body) throws IOException {
        long max = limits.maxEventSize().toBytes();
        byte[] bytes = body.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
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

    private static Rejected tooLarge(String what, long limit) {
        return new Rejected(Reason.TOO_LARGE, what + " exceeds the limit of " + limit + " bytes");
    }

    private static Rejected unknownKey() {
        return new Rejected(Reason.UNAUTHORIZED, "missing, unknown or revoked key");
    }

    private static Rejected wrongProject(long projectId) {
        return new Rejected(Reason.WRONG_PROJECT, "this key does not belong to project " + projectId);
    }

    private static Rejected unreadable(IOException e) {
        if (e instanceof PayloadTooLargeException tooLarge) {
            return new Rejected(Reason.TOO_LARGE, tooLarge.getMessage());
        }
        if (e instanceof ZipException || e instanceof java.io.EOFException) {
            return new Rejected(Reason.INVALID, "body is not validly compressed: " + e.getMessage());
        }
        return new Rejected(Reason.INVALID, "body could not be read: " + e.getMessage());
    }
}
