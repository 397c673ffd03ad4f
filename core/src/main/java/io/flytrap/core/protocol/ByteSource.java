package io.flytrap.core.protocol;

import java.io.IOException;
import java.io.InputStream;

/**
 * A buffer over a stream without the per-call locking of BufferedInputStream: the envelope reader takes its
 * lines a byte at a time, and profiling showed the lock around each of those reads.
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

    /** Up to {@code length} bytes; fewer only at the end of the stream. */
    byte[] readUpTo(int length) throws IOException {
        byte[] out = new byte[length];
        int copied = 0;
        while (copied < length) {
            if (position == limit && !fill()) {
                byte[] shorter = new byte[copied];
                System.arraycopy(out, 0, shorter, 0, copied);
                return shorter;
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
