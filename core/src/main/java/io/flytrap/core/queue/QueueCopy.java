package io.flytrap.core.queue;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * A group commit's events into the queue table as one binary COPY. Measured against the batched INSERT it replaces
 * (bench/event-engine.sh, docs/performance.md): PostgreSQL inserts a COPY's rows with multi-row heap inserts, one WAL
 * record per page instead of one per event, and runs no executor per row; the writer thread binds no parameters and
 * formats no timestamps as text. Binary, so the payload goes as its bytes (CSV would double it as hex).
 */
final class QueueCopy {

    static final String SQL = """
            copy event_queue (project_id, event_id, protocol, payload, meta, received_at, available_at, queued_at)
            from stdin (format binary)""";

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final int COLUMNS = 8;
    /** PostgreSQL's timestamps count microseconds from 2000-01-01T00:00:00Z. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;
    /** jsonb's binary form: a version byte, then the JSON text. */
    private static final int JSONB_VERSION = 1;

    private QueueCopy() {
    }

    /** Sends the events on the caller's (transaction's) connection; the caller commits. */
    static void copy(Connection connection, List<QueuedEvent> events, Function<QueuedEvent, String> metaJson)
            throws SQLException {
        byte[] rows = encode(events, metaJson);
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(SQL);
        try {
            copy.writeToCopy(rows, 0, rows.length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** The rows in PostgreSQL's binary COPY format: header, one tuple per event, trailer. */
    static byte[] encode(List<QueuedEvent> events, Function<QueuedEvent, String> metaJson) {
        int estimate = 32;
        for (QueuedEvent event : events) {
            estimate += event.payload().length + 256;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(estimate);
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.write(SIGNATURE);
            out.writeInt(0); // flags: no OIDs
            out.writeInt(0); // header extension: none
            for (QueuedEvent event : events) {
                out.writeShort(COLUMNS);
                out.writeInt(8);
                out.writeLong(event.projectId());
                UUID id = event.eventId();
                out.writeInt(16);
                out.writeLong(id.getMostSignificantBits());
                out.writeLong(id.getLeastSignificantBits());
                byte[] protocol = event.protocol().getBytes(StandardCharsets.UTF_8);
                out.writeInt(protocol.length);
                out.write(protocol);
                out.writeInt(event.payload().length);
                out.write(event.payload());
                byte[] meta = metaJson.apply(event).getBytes(StandardCharsets.UTF_8);
                out.writeInt(meta.length + 1);
                out.writeByte(JSONB_VERSION);
                out.write(meta);
                long received = microsSincePostgresEpoch(event.receivedAt());
                for (int i = 0; i < 3; i++) { // received_at, available_at, queued_at: all the moment it arrived
                    out.writeInt(8);
                    out.writeLong(received);
                }
            }
            out.writeShort(-1);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible); // an in-memory stream does not fail
        }
        return bytes.toByteArray();
    }

    /** Rounded to the microsecond as the JDBC driver rounds a Timestamp parameter, so both writes store the same. */
    static long microsSincePostgresEpoch(Instant instant) {
        long micros = Math.addExact(Math.multiplyExact(instant.getEpochSecond() - POSTGRES_EPOCH_SECONDS, 1_000_000L),
                instant.getNano() / 1000);
        return instant.getNano() % 1000 >= 500 ? micros + 1 : micros;
    }
}
