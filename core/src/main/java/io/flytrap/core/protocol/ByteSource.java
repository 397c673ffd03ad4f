package io.flytrap.core.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A buffer over a stream without the per-call locking of BufferedInputStream. Lines are found by scanning the
 * buffer and copied a chunk at a time, not taken a byte per call: the envelope reader spends most of its time here.
 */
final class ByteSource {

    private final InputStream in;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;

    ByteSource(InputStream in) {
        this.in = in;
    }

    /** The next byte, or -1 at the end. */
    int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    /**
     * The next line without its newline; null at the end of the stream. Fails once the line passes {@code max}
     * bytes, having held no more than that.
     */
    byte[] readLine(long max, String what) throws IOException {
        if (position == limit && !fill()) {
            return null;
        }
        ByteArrayOutputStream longLine = null; // only for a line that spans buffer refills
        while (true) {
            int newline = indexOfNewline();
            int length = (newline >= 0 ? newline : limit) - position;
            if ((longLine == null ? 0 : longLine.size()) + (long) length > max) {
                throw new PayloadTooLargeException(what + " exceeds the limit of " + max + " bytes");
            }
            if (newline >= 0 && longLine == null) {
                byte[] line = Arrays.copyOfRange(buffer, position, newline);
                position = newline + 1;
                return line;
            }
            if (longLine == null) {
                longLine = new ByteArrayOutputStream(buffer.length * 2);
            }
            longLine.write(buffer, position, length);
            if (newline >= 0) {
                position = newline + 1;
                return longLine.toByteArray();
            }
            position = limit;
            if (!fill()) {
                return longLine.toByteArray();
            }
        }
    }

    /** Skips past the next newline (or to the end), holding nothing. */
    void skipLine() throws IOException {
        while (position < limit || fill()) {
            int newline = indexOfNewline();
            if (newline >= 0) {
                position = newline + 1;
                return;
            }
            position = limit;
        }
    }

    /** Up to {@code length} bytes; fewer only at the end of the stream. */
    byte[] readUpTo(int length) throws IOException {
        byte[] out = new byte[length];
        int copied = 0;
        while (copied < length) {
            if (position == limit && !fill()) {
                return Arrays.copyOf(out, copied);
            }
            int n = Math.min(length - copied, limit - position);
            System.arraycopy(buffer, position, out, copied, n);
            position += n;
            copied += n;
        }
        return out;
    }

    /** Skips up to {@code length} bytes; returns how many were there. */
    long skip(long length) throws IOException {
        long skipped = 0;
        while (skipped < length) {
            if (position == limit && !fill()) {
                return skipped;
            }
            int n = (int) Math.min(length - skipped, limit - position);
            position += n;
            skipped += n;
        }
        return skipped;
    }

    private int indexOfNewline() {
        for (int i = position; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }
}
