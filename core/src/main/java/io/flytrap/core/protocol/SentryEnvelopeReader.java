package io.flytrap.core.protocol;

import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Streams through a Sentry envelope: a header line, then items, each a header line ({"type", "length"?}) and a
 * payload of {@code length} bytes or, without a length, up to the next newline. Only "event" payloads are kept,
 * each at most {@code maxEventBytes}; other items are skipped without being buffered.
 */
public final class SentryEnvelopeReader {

    /** Item types that carry an error event. */
    static final List<String> EVENT_TYPES = List.of("event");
    static final int MAX_HEADER_LINE = 64 * 1024;

    private final ByteSource in;
    private final long maxEventBytes;

    private SentryEnvelopeReader(InputStream in, long maxEventBytes) {
        this.in = new ByteSource(in);
        this.maxEventBytes = maxEventBytes;
    }

    public static SentryEnvelopeReader open(InputStream in, long maxEventBytes) {
        return new SentryEnvelopeReader(in, maxEventBytes);
    }

    /** Reads the envelope header only, so a DSN in it can authenticate before any item is read. */
    public Header header() throws IOException, InvalidPayloadException {
        byte[] line = readLine(MAX_HEADER_LINE, "envelope header");
        if (line == null) {
            throw new InvalidPayloadException("envelope", "is empty");
        }
        JsonNode header = ProtocolJson.readObject(line, "envelope header");
        String eventId = header.path("event_id").asString(null);
        return new Header(eventId == null ? null : EventFields.parseUuid(eventId), header.path("dsn").asString(null));
    }

    public record Header(UUID eventId, String dsn) {
    }

    /** Reads the items that follow the header. */
    public SentryEnvelope items() throws IOException, InvalidPayloadException {
        List<byte[]> events = new ArrayList<>();
        while (true) {
            byte[] line = readLine(MAX_HEADER_LINE, "envelope item header");
            if (line == null) {
                break;
            }
            if (line.length == 0) {
                continue; // tolerate blank lines between items
            }
            JsonNode itemHeader = ProtocolJson.readObject(line, "envelope item header");
            String type = itemHeader.path("type").asString("");
            boolean wanted = EVENT_TYPES.contains(type);
            JsonNode length = itemHeader.get("length");
            if (length != null && !length.isNull()) {
                if (!length.canConvertToLong() || length.longValue() < 0) {
                    throw new InvalidPayloadException("envelope item header", "has an invalid length");
                }
                long size = length.longValue();
                if (wanted) {
                    if (size > maxEventBytes) {
                        throw new PayloadTooLargeException("event exceeds the limit of " + maxEventBytes + " bytes");
                    }
                    byte[] payload = in.readUpTo((int) size);
                    if (payload.length < size) {
                        throw new InvalidPayloadException("envelope", "ends inside an item");
                    }
                    events.add(payload);
                } else {
                    if (in.skip(size) < size) {
                        throw new InvalidPayloadException("envelope", "ends inside an item");
                    }
                }
                int next = in.read();
                if (next != '\n' && next >= 0) {
                    throw new InvalidPayloadException("envelope", "has an item longer than its declared length");
                }
            } else if (wanted) {
                byte[] payload = readLine(maxEventBytes, "event");
                events.add(payload == null ? new byte[0] : payload);
            } else {
                skipLine();
            }
        }
        return new SentryEnvelope(events);
    }

    private void skipLine() throws IOException {
        int b;
        do {
            b = in.read();
        } while (b >= 0 && b != '\n');
    }

    /** A line without its newline; null at the end of the stream. */
    private byte[] readLine(long max, String what) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b = in.read();
        if (b < 0) {
            return null;
        }
        while (b >= 0 && b != '\n') {
            if (line.size() >= max) {
                throw new PayloadTooLargeException(what + " exceeds the limit of " + max + " bytes");
            }
            line.write(b);
            b = in.read();
        }
        return line.toByteArray();
    }
}
