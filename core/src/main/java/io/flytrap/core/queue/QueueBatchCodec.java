package io.flytrap.core.queue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The events of one group commit as one byte string, the {@code events} column of {@code queue_batches}: framed here
 * rather than in PostgreSQL types, so that storing a batch binds one binary parameter (no JSON for the meta, no
 * timestamps to format) and PostgreSQL parses nothing. Layout, big-endian: a version byte, the event count, then per
 * event its project id, event id, received-at (epoch second, nano), protocol, meta (count, then key and value pairs)
 * and payload; strings and the payload as an int length and their (UTF-8) bytes.
 */
final class QueueBatchCodec {

    static final byte VERSION = 1;

    private QueueBatchCodec() {
    }

    static byte[] encode(List<QueuedEvent> events) {
        int size = 1 + 4;
        List<byte[]> strings = new ArrayList<>(events.size() * 5);
        for (QueuedEvent event : events) {
            size += 8 + 16 + 8 + 4 + 4 + 4 + event.payload().length; // ids, time, meta count, payload length
            size += add(strings, event.protocol());
            for (Map.Entry<String, String> entry : event.meta().entrySet()) {
                size += add(strings, entry.getKey()) + add(strings, entry.getValue());
            }
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(VERSION).putInt(events.size());
        int next = 0;
        for (QueuedEvent event : events) {
            // To PostgreSQL's microseconds, rounded as JDBC rounds a timestamp: the time reads back as a column would
            Instant receivedAt = event.receivedAt().plusNanos(500).truncatedTo(ChronoUnit.MICROS);
            out.putLong(event.projectId())
                    .putLong(event.eventId().getMostSignificantBits()).putLong(event.eventId().getLeastSignificantBits())
                    .putLong(receivedAt.getEpochSecond()).putInt(receivedAt.getNano());
            next = put(out, strings, next, 1);
            out.putInt(event.meta().size());
            next = put(out, strings, next, 2 * event.meta().size());
            out.putInt(event.payload().length).put(event.payload());
        }
        return out.array();
    }

    static List<QueuedEvent> decode(byte[] framed) {
        ByteBuffer in = ByteBuffer.wrap(framed);
        byte version = in.get();
        if (version != VERSION) {
            throw new IllegalStateException("queue batch of unknown version " + version);
        }
        int count = in.getInt();
        List<QueuedEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long projectId = in.getLong();
            UUID eventId = new UUID(in.getLong(), in.getLong());
            Instant receivedAt = Instant.ofEpochSecond(in.getLong(), in.getInt());
            String protocol = string(in);
            int metaSize = in.getInt();
            Map<String, String> meta = HashMap.newHashMap(metaSize);
            for (int m = 0; m < metaSize; m++) {
                meta.put(string(in), string(in));
            }
            byte[] payload = new byte[in.getInt()];
            in.get(payload);
            events.add(new QueuedEvent(projectId, eventId, protocol, payload, meta, receivedAt));
        }
        return events;
    }

    private static int add(List<byte[]> strings, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        strings.add(bytes);
        return 4 + bytes.length;
    }

    private static int put(ByteBuffer out, List<byte[]> strings, int from, int count) {
        for (int i = from; i < from + count; i++) {
            out.putInt(strings.get(i).length).put(strings.get(i));
        }
        return from + count;
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        String value = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return value;
    }
}
