package io.flytrap.core.ingest;

import io.flytrap.core.protocol.InvalidPayloadException;
import org.brotli.dec.BrotliInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Opens a request body as the client encoded it, with two limits enforced while streaming: on the bytes received
 * and on the bytes they decompress to. A 1 MB gzip bomb is stopped at the decompressed limit, having allocated
 * nothing but a read buffer.
 */
final class BodyDecoder {

    private BodyDecoder() {
    }

    static InputStream open(InputStream raw, String contentEncoding, long maxReceived, long maxDecompressed)
            throws IOException, InvalidPayloadException {
        InputStream received = new LimitedInputStream(raw, maxReceived, "body");
        InputStream decoded = switch (normalised(contentEncoding)) {
            case "", "identity" -> received;
            case "gzip", "x-gzip" -> new GZIPInputStream(received, 8192);
            // HTTP's "deflate" is the zlib format (RFC 1950), which is what SDKs send
            case "deflate" -> new InflaterInputStream(received);
            case "br" -> new BrotliInputStream(received);
            default -> throw new InvalidPayloadException("Content-Encoding", "must be gzip, deflate, br or identity");
        };
        return decoded == received ? received : new LimitedInputStream(decoded, maxDecompressed, "decompressed body");
    }

    /**
     * How long the opened body will be, as far as the request says: its declared length when it is not encoded,
     * else unknown (null). Only a hint for sizing a buffer; the limits above are what is enforced.
     */
    static Long decodedLength(String contentEncoding, Long declaredLength) {
        String encoding = normalised(contentEncoding);
        return encoding.isEmpty() || encoding.equals("identity") ? declaredLength : null;
    }

    private static String normalised(String contentEncoding) {
        return contentEncoding == null ? "" : contentEncoding.strip().toLowerCase(Locale.ROOT);
    }
}
