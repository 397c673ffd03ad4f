package io.flytrap.core.protocol;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.UUID;

/**
 * Reads a Sentry envelope one item at a time: a header line, then items, each a header line ({"type", "length"?})
 * and a payload of {@code length} bytes or, without a length, up to the next newline. Only "event" payloads are
 * returned, each at most {@code maxEventBytes}; other items (transactions, sessions, client reports, attachments)
 * are skipped without being held. Nothing is read ahead of the item asked for, so a caller that stops at a bad item
 * never pays for the rest of the envelope, however much it would decompress to.
 */
public final class SentryEnvelopeReader {

    /** Item types that carry an error event. */
    static final List<String> EVENT_TYPES = List.of("event");
    static final int MAX_HEADER_LINE = 64 * 1024;

    private final ByteSource in;
    private final long maxEventBytes;
    private final int maxItems;
    private int items;

    private SentryEnvelopeReader(InputStream in, long maxEventBytes, int maxItems) {
        this.in = new ByteSource(in);
        this.maxEventBytes = maxEventBytes;
        this.maxItems = maxItems;
    }

    /** @param maxItems items of any type an envelope may hold (blank lines between them are not items) */
    public static SentryEnvelopeReader open(InputStream in, long maxEventBytes, int maxItems) {
        return new SentryEnvelopeReader(in, maxEventBytes, maxItems);
    }

    /** Reads the envelope header only, so a DSN in it can authenticate before any item is read. */
    public Header header() throws IOException, InvalidPayloadException {
        byte[] line = in.readLine(MAX_HEADER_LINE, "envelope header");
        if (line == null) {
            throw new InvalidPayloadException("envelope", "is empty");
        }
        JsonNode header = ProtocolJson.readObject(line, "envelope header");
        String eventId = header.path("event_id").asString(null);
        return new Header(eventId == null ? null : EventFields.parseUuid(eventId), header.path("dsn").asString(null));
    }

    public record Header(UUID eventId, String dsn) {
    }

    /** The raw JSON of the next event item, reading past any other items before it; null at the envelope's end. */
    public byte[] nextEvent() throws IOException, InvalidPayloadException {
        while (true) {
            byte[] line = in.readLine(MAX_HEADER_LINE, "envelope item header");
            if (line == null) {
                return null;
            }
            if (line.length == 0) {
                continue; // tolerate blank lines between items
            }
            if (++items > maxItems) {
                throw new PayloadTooLargeException("envelope has more than " + maxItems + " items");
            }
            JsonNode itemHeader = ProtocolJson.readObject(line, "envelope item header");
            boolean event = EVENT_TYPES.contains(itemHeader.path("type").asString(""));
            JsonNode length = itemHeader.get("length");
            if (length != null && !length.isNull()) {
                byte[] payload = lengthPrefixed(length, event);
                if (payload != null) {
                    return payload;
                }
            } else if (event) {
                byte[] payload = in.readLine(maxEventBytes, "event");
                return payload == null ? new byte[0] : payload;
            } else {
                in.skipLine();
            }
        }
    }

    /** An item with a declared length: its payload when it is an event, else skipped (null). */
    private byte[] lengthPrefixed(JsonNode length, boolean event) throws IOException, InvalidPayloadException {
        if (!length.canConvertToLong() || length.longValue() < 0) {
            throw new InvalidPayloadException("envelope item header", "has an invalid length");
        }
        long size = length.longValue();
        byte[] payload = null;
        if (event) {
            if (size > maxEventBytes) {
                throw new PayloadTooLargeException("event exceeds the limit of " + maxEventBytes + " bytes");
            }
            payload = in.readUpTo((int) size);
            if (payload.length < size) {
                throw new InvalidPayloadException("envelope", "ends inside an item");
            }
        } else if (in.skip(size) < size) {
            throw new InvalidPayloadException("envelope", "ends inside an item");
        }
        int next = in.read();
        if (next != '\n' && next >= 0) {
            throw new InvalidPayloadException("envelope", "has an item longer than its declared length");
        }
        return payload;
    }
}
